import type { Config } from '../config';
import type { Logger } from '../config/logger';
import { createDiagnosticsActivities } from '../activities/diagnostics';

/** Wires real clients into the activity factories, grouped by the task queue they run on. */
export function buildActivities(_config: Config, _logger: Logger) {
  return {
    main: { ...createDiagnosticsActivities() },
  };
}
