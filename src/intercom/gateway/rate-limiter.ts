/**
 * Keeps outbound calls within `limit` per `windowMs`, for any window Intercom
 * may count in. A call holds its slot while in flight and for a full window
 * after its answer arrived: Intercom saw it no later than that, so a call
 * started after the slot frees can never share a window with it, whatever the
 * network delay. Callers are served first come, first served.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private inFlight = 0;
  /** Answer times of finished calls still inside the window, oldest first. */
  private finished: number[] = [];
  private pausedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Waits for a slot. Resolves with the milliseconds spent waiting and a
   * function to call once the call's answer has arrived.
   */
  acquire(): Promise<{ waitedMs: number; release: () => void }> {
    const turn = this.queue.then(() => this.waitForSlot());
    // A failed wait must not block everyone behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Intercom said no calls are left until `epochMs` (X-RateLimit-Remaining: 0, or a 429). */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
  }

  /** Calls that could start right now. */
  available(): number {
    this.forgetExpired();
    return this.limit - this.inFlight - this.finished.length;
  }

  private async waitForSlot(): Promise<{ waitedMs: number; release: () => void }> {
    const started = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      if (this.available() > 0) break;
      // Full: wait for the oldest finished call to leave the window, or for an in-flight one to end.
      const delay = this.finished.length > 0 ? this.finished[0] + this.windowMs - now : 5;
      await this.clock.sleep(Math.max(1, delay));
    }
    this.inFlight += 1;
    let released = false;
    return {
      waitedMs: this.clock.now() - started,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.finished.push(this.clock.now());
      },
    };
  }

  private forgetExpired(): void {
    const horizon = this.clock.now() - this.windowMs;
    let expired = 0;
    while (expired < this.finished.length && this.finished[expired] <= horizon) expired += 1;
    if (expired > 0) this.finished = this.finished.slice(expired);
  }
}
