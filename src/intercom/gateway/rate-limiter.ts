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

/**
 * Who waits first when calls queue for the budget: `interactive` work (a live
 * conversation's webhook, an operator's command) goes before `batch` work
 * (backfill, the member sync), whatever the order they asked in.
 */
export type CallPriority = 'interactive' | 'batch';

export interface Slot {
  /** Milliseconds spent waiting for the slot. */
  waitedMs: number;
  /** Call once the call's answer has arrived. */
  release: () => void;
}

interface Waiter {
  since: number;
  resolve: (slot: Slot) => void;
}

export class RateLimiter {
  private inFlight = 0;
  /** Answer times of finished calls still inside the window, oldest first. */
  private finished: number[] = [];
  private pausedUntil = 0;
  private readonly waiting: Record<CallPriority, Waiter[]> = { interactive: [], batch: [] };
  private serving = false;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Waits for a slot: first come, first served within a priority, every
   * `interactive` caller before any `batch` one.
   */
  acquire(priority: CallPriority = 'interactive'): Promise<Slot> {
    return new Promise((resolve) => {
      this.waiting[priority].push({ since: this.clock.now(), resolve });
      void this.serve();
    });
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

  /** Callers waiting for a slot, by priority. */
  queued(): Record<CallPriority, number> {
    return { interactive: this.waiting.interactive.length, batch: this.waiting.batch.length };
  }

  /** One loop hands out slots as they free, so the choice of the next caller is made at that moment. */
  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      for (;;) {
        if (this.waiting.interactive.length + this.waiting.batch.length === 0) return;
        await this.waitForCapacity();
        const next = this.waiting.interactive.shift() ?? this.waiting.batch.shift();
        next?.resolve(this.take(next.since));
      }
    } finally {
      this.serving = false;
    }
  }

  private async waitForCapacity(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      if (this.available() > 0) return;
      // Full: wait for the oldest finished call to leave the window, or for an in-flight one to end.
      const delay = this.finished.length > 0 ? this.finished[0] + this.windowMs - now : 5;
      await this.clock.sleep(Math.max(1, delay));
    }
  }

  private take(since: number): Slot {
    this.inFlight += 1;
    let released = false;
    return {
      waitedMs: this.clock.now() - since,
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
