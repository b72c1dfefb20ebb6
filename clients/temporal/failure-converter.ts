import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Error messages and stack traces can quote client data (an upstream error naming a party), so
 * they travel as an encoded payload that the payload codec encrypts, not as clear history text.
 * Loaded by path (worker, workflow bundle and clients), hence its own file.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
