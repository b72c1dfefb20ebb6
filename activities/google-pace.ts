/**
 * Even spacing of calls: one slot every 1/rate seconds. Slots are reserved synchronously, so
 * concurrent callers queue in order instead of bursting when a gap opens. Google's quotas are
 * per minute (600/min per user, 10,000/min per project); spacing evenly at just below them
 * keeps every minute window under the quota without ever having to be told so by a 403.
 */
export class Pace {
  private next = 0;
  private readonly gapMs: number;

  constructor(perSecond: number) {
    this.gapMs = 1000 / perSecond;
  }

  /** Milliseconds the caller must wait before its call; the slot is reserved for it. */
  reserve(now = Date.now()): number {
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    return at - now;
  }
}

/** One Pace per Google user plus one for the whole project, shared by every activity of this worker process. */
export class GooglePacing {
  private readonly users = new Map<string, Pace>();
  private readonly project: Pace;

  constructor(
    private readonly perUserPerSecond: number,
    perProjectPerSecond: number,
  ) {
    this.project = new Pace(perProjectPerSecond);
  }

  /** Waits for this user's next slot, then for the project's. */
  async take(user: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    let pace = this.users.get(user);
    if (!pace) {
      pace = new Pace(this.perUserPerSecond);
      this.users.set(user, pace);
    }
    const userWait = pace.reserve();
    if (userWait > 0) await sleep(userWait);
    const projectWait = this.project.reserve();
    if (projectWait > 0) await sleep(projectWait);
  }
}
