import { DefaultLogger, Runtime } from '@temporalio/worker';
import { isExpectedSdkNotice } from '../../worker/sdk-logs';

let installed = false;

/** SDK warnings still show; the expected "no workflows on an activity-only queue" notice does not. Once per process. */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    const fallback = new DefaultLogger('WARN');
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => {
        if (!isExpectedSdkNotice(entry.message)) fallback.log(entry.level, entry.message, entry.meta);
      }),
    });
  } catch {
    // Another module of this process installed the runtime first.
  }
}
