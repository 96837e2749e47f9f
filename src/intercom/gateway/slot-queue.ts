import type { CallPriority } from './call-priority';
import type { Clock } from './clock';
import type { Slot } from './rate-limit.types';

interface Waiter {
  since: number;
  resolve: (slot: Slot) => void;
}

/** What the queue asks of the limiter behind it. */
export interface SlotSource {
  /** 0 when a call may start now, else how long to wait at most before asking again (ms). */
  delayBeforeNextStart(): number;
  /** Starts a call now for a caller waiting since `since` (epoch ms). */
  take(since: number): Slot;
}

/**
 * The callers waiting for a rate-limit slot: first come, first served within a priority,
 * every `interactive` caller before any `batch` one. One loop hands out slots as they
 * free, so the choice of the next caller is made at that moment.
 */
export class SlotQueue {
  private readonly waiting: Record<CallPriority, Waiter[]> = { interactive: [], batch: [] };
  private serving = false;
  private wake: (() => void) | undefined;
  /** When the pending timer of the serving loop fires, epoch ms. */
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly source: SlotSource,
  ) {}

  /** Resolves with a slot once the source has room and every caller before this one was served. */
  enqueue(priority: CallPriority): Promise<Slot> {
    return new Promise((resolve) => {
      this.waiting[priority].push({ since: this.clock.now(), resolve });
      void this.serve();
    });
  }

  /** Something changed (an answer, a pause): the serving loop looks again now. */
  wakeUp(): void {
    this.wake?.();
  }

  /** Callers waiting for a slot, by priority. */
  queued(): Record<CallPriority, number> {
    return { interactive: this.waiting.interactive.length, batch: this.waiting.batch.length };
  }

  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      for (;;) {
        if (this.waiting.interactive.length + this.waiting.batch.length === 0) return;
        await this.waitForCapacity();
        const next = this.waiting.interactive.shift() ?? this.waiting.batch.shift();
        next?.resolve(this.source.take(next.since));
      }
    } finally {
      this.serving = false;
    }
  }

  private async waitForCapacity(): Promise<void> {
    for (;;) {
      const delay = this.source.delayBeforeNextStart();
      if (delay === 0) return;
      const at = this.clock.now() + Math.max(1, delay);
      // Woken early by an answer (it frees a slot or brings news) or a pause. A timer
      // already set for that moment or sooner serves again: answers do not pile up timers.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (at >= this.timerAt) return;
        this.timerAt = at;
        void this.clock.sleep(at - this.clock.now()).then(() => {
          if (this.timerAt === at) this.timerAt = Number.POSITIVE_INFINITY;
          this.wake?.();
        });
      });
      this.wake = undefined;
    }
  }
}
