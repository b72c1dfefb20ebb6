/**
 * Which `syncStatus` values the sweep handles by a rule of its own. Every other value — the old
 * system's lock status `syncing` (left behind by a crash or by the cut-over), or any value an
 * administrator added to the enum — is not written by this product and would otherwise never be
 * selected again, so the sweep treats it as due.
 */
export const SWEEP_RULED_STATUSES = [
  'pending_sync',
  'dirty',
  'clean',
  'conflict',
  'failed',
  // Reset by the sweep after syncAutoResetAt, then due as `failed`.
  'permanently_failed',
  // Only a human relinks these (docs/SYNC_RULES.md, delete handling).
  'deleted_in_advoware',
] as const;

