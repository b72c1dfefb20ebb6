/** Public API of the pure calendar sync logic (no I/O; safe inside Temporal workflows). */
export type { AdvowareTermin, GoogleEvent, GoogleEventTime } from './types';
export { eventIdForFrNr, frNrFromEventId } from './event-id';
export { fnv1a64Hex } from './hash';
export {
  CALENDAR_ZONE,
  DEFAULT_DURATION_MINUTES,
  FALLBACK_START_TIME,
  eventTimes,
  googleTimes,
  syncWindow,
  terminTimeFields,
  terminTimes,
  InvalidTimeError,
  type CommonTimes,
} from './time';
export { TURNUS_ART, parseRecurrence, recurrenceFromTermin, rruleLines, terminRecurrenceFields, type ParsedRecurrence, type RecurrenceRule } from './recurrence';
export {
  ANONYMISED_SUMMARY,
  LINK_KEYS,
  eventToTerminFields,
  hashEvent,
  hashTermin,
  terminPatchFromEvent,
  terminToEvent,
  type EventOrigin,
  type MappingOptions,
  type TerminToEventOptions,
} from './mapping';
export { isOwnTermin } from './plan-index';
export { linkAfterAdvowareCreate, linkPropertiesPatch, planCalendarPass, type LinkInput } from './plan';
export type * from './plan-types';
export { unknownKuerzel, type EmployeeLike } from './employees';
export { fieldDifferences, hasDifferences, verifyCalendar, type FieldDifference, type VerifyInput, type VerifyReport } from './verify';
export { applyOverlays, diffSnapshots, limitOverlay, untouchedOverlay, type SnapshotOverlay } from './snapshot-diff';
