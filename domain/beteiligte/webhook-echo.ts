/**
 * Is an EspoCRM `update` webhook only the echo of the product's own bookkeeping?
 *
 * EspoCRM sends an update payload with the changed attributes plus `id`
 * (docs/SIMULATORS.md, EspoCRM webhooks). Without `skipOwn` on the firm's webhook, every
 * write of ours comes back as such an update. The echo of a failure record (`recordFailure`:
 * status, retry count, next retry, error) must not end the backoff wait or restart a
 * `permanently_failed` record — that turned the 24 h pause into a loop every ~5 minutes.
 */

/** Attributes only the product writes to keep its own state; a change to them alone is no reason to sync. */
export const BOOKKEEPING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'syncStatus',
  'advowareLastSync',
  'advowareRowId',
  'syncRetryCount',
  'syncNextRetry',
  'syncAutoResetAt',
  'syncErrorMessage',
  'kommunikationHash',
  'advowareSyncBase',
  'adressenSyncBase',
]);

/** Attributes EspoCRM changes by itself on every save (they never fire an update alone). */
const SYSTEM_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'modifiedAt',
  'modifiedById',
  'modifiedByName',
  'versionNumber',
  'streamUpdatedAt',
  'isFollowed',
  'isStarred',
  'followersIds',
  'followersNames',
]);

/**
 * `syncStatus` values that only the product writes. A user or an EspoCRM formula asking for a
 * sync writes `pending_sync` or `dirty`; that is a request, not an echo.
 */
const PRODUCT_STATUSES: ReadonlySet<string> = new Set(['clean', 'conflict', 'failed', 'permanently_failed', 'deleted_in_advoware']);

/**
 * True only when the payload names at least one changed attribute and every one of them is
 * bookkeeping (with a product-written status). A payload with nothing but `id` tells nothing
 * and counts as a real change, so an unusual EspoCRM set-up never loses a user edit.
 */
export function isBookkeepingEcho(payload: Record<string, unknown>): boolean {
  const changed = Object.keys(payload).filter((key) => !SYSTEM_ATTRIBUTES.has(key));
  if (changed.length === 0) return false;
  if (!changed.every((key) => BOOKKEEPING_ATTRIBUTES.has(key))) return false;
  if ('syncStatus' in payload) {
    const status = payload.syncStatus;
    return typeof status === 'string' && PRODUCT_STATUSES.has(status);
  }
  return true;
}
