import { AnnouncedWindows } from './announced-windows';
import type { CallPriority } from './call-priority';
import { systemClock, type Clock } from './clock';
import { OwnCalls } from './own-calls';
import { INITIAL_RATE_LIMIT, type RateLimiterOptions, type Slot } from './rate-limit.types';
import { SlotQueue } from './slot-queue';

export type { CallPriority } from './call-priority';
export { systemClock, type Clock } from './clock';
export {
  INITIAL_RATE_LIMIT,
  type RateLimitAnswer,
  type RateLimiterOptions,
  type Slot,
} from './rate-limit.types';

/**
 * Keeps outbound calls within Intercom's rate limit, which belongs to the app:
 * every instance of the service draws on the same budget (docs/reference.md,
 * "Rate limit"; Intercom's rate-limit documentation). Three rules, from the
 * best knowledge to the least:
 *
 * 1. While Intercom's last answers describe the current window
 *    (`X-RateLimit-Remaining`, `X-RateLimit-Reset`), no more calls start before
 *    the reset than Remaining minus this process's calls in flight (they may
 *    not be counted yet). Remaining counts every instance's calls, so several
 *    instances share one budget without dividing anything by hand. While other
 *    instances may be spending the same window (until a window this process
 *    used alone proves it alone), a few calls are kept back for theirs that
 *    Remaining does not show yet (at least one: two instances reading the same
 *    Remaining must not both take the last call), and the calls are spread over
 *    the window rather than sent at once, so that instances reading the same
 *    Remaining do not spend it in the same instant; until another instance's
 *    call is actually seen, the spread has no pace floor, so that a process
 *    starting late in a window can still spend it. Alone, it sends calls as
 *    fast as they come until Remaining is spent: the budget is its own.
 * 2. After that window's reset, and until an answer describes the new window,
 *    the whole limit is assumed available again (refill).
 * 3. Without any such headers, a call holds its slot while in flight and for a
 *    full window after its answer arrived: Intercom saw it no later than that,
 *    so a call started after the slot frees can never share a window with it,
 *    whatever the network delay. The same rule enforces `ceiling`
 *    (INTERCOM_RATE_LIMIT) whenever one is set, headers or not.
 *
 * The limit is the one Intercom announces (`X-RateLimit-Limit`), never above
 * `ceiling`; until the first answer it is `initialLimit`.
 */
export class RateLimiter {
  readonly windowMs: number;
  readonly ceiling: number | undefined;
  private announced: number | undefined;
  private readonly initialLimit: number;
  private pausedUntil = 0;
  private readonly calls: OwnCalls;
  private readonly windows: AnnouncedWindows;
  private readonly queue: SlotQueue;

  constructor(
    options: RateLimiterOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = options.windowMs;
    this.ceiling = options.ceiling;
    this.initialLimit = options.initialLimit ?? INITIAL_RATE_LIMIT;
    this.calls = new OwnCalls(this.windowMs);
    this.windows = new AnnouncedWindows(this.windowMs, this.calls, () => this.limit);
    this.queue = new SlotQueue(clock, {
      delayBeforeNextStart: () => this.delayBeforeNextStart(),
      take: (since) => this.take(since),
    });
  }

  /** Calls per window this process works with: Intercom's announced limit (the initial one before), at most the ceiling. */
  get limit(): number {
    return Math.min(this.announced ?? this.initialLimit, this.ceiling ?? Number.POSITIVE_INFINITY);
  }

  /**
   * Waits for a slot: first come, first served within a priority, every
   * `interactive` caller before any `batch` one.
   */
  acquire(priority: CallPriority = 'interactive'): Promise<Slot> {
    return this.queue.enqueue(priority);
  }

  /** Intercom refused a call (429): nothing starts until `epochMs`. */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
    this.queue.wakeUp();
  }

  /** Calls that could start right now, were the spreading over the window not asked for. */
  available(): number {
    const now = this.clock.now();
    const view = this.windows.current(now);
    const room = view ? this.windows.room(view, now) : Number.POSITIVE_INFINITY;
    const sliding = view ? this.ceiling : this.limit;
    if (sliding === undefined) return room;
    return Math.min(room, sliding - this.calls.held(now));
  }

  /** Callers waiting for a slot, by priority. */
  queued(): Record<CallPriority, number> {
    return this.queue.queued();
  }

  /** 0 when a call may start now, else how long to wait at most before asking again (ms). */
  private delayBeforeNextStart(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    // Waiting only for an answer: it wakes the loop; the window is a backstop.
    const forAnAnswer = this.windowMs;
    const view = this.windows.current(now);
    if (view) {
      const room = this.windows.room(view, now);
      if (room <= 0) {
        const untilReset = view.endsAt - now;
        return this.calls.inFlight > 0 ? Math.min(forAnAnswer, untilReset) : untilReset;
      }
      const spread = this.windows.spreadDelay(now);
      if (spread > 0) return spread;
    }
    // Rule 3 holds this process to the limit without a described window, else to the ceiling if set.
    const sliding = view ? this.ceiling : this.limit;
    if (sliding !== undefined && sliding - this.calls.held(now) <= 0) {
      // Full: wait for the oldest finished call to leave the window, or for an in-flight one to end.
      return this.calls.nextExpiryIn(now) ?? forAnAnswer;
    }
    return 0;
  }

  private take(since: number): Slot {
    const startedAt = this.clock.now();
    this.windows.starting(this.windows.current(startedAt), startedAt);
    this.calls.started();
    let released = false;
    return {
      waitedMs: startedAt - since,
      release: (answer) => {
        if (released) return;
        released = true;
        const answeredAt = this.clock.now();
        this.calls.answered(answeredAt);
        if (answer) {
          const { limit } = answer;
          if (limit !== undefined && Number.isInteger(limit) && limit > 0) this.announced = limit;
          const announced = this.announced ?? this.limit;
          this.windows.learn(answer, answeredAt, answeredAt - startedAt, announced);
        }
        this.queue.wakeUp();
      },
    };
  }
}
