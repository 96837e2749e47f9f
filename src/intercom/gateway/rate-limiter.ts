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

/** What one answer's `X-RateLimit-*` headers said; any part may be missing. */
export interface RateLimitAnswer {
  /** `X-RateLimit-Limit`: calls the app may make per window. */
  limit?: number;
  /** `X-RateLimit-Remaining`: calls Intercom still accepts in the current window, from all instances. */
  remaining?: number;
  /** `X-RateLimit-Reset` (Unix seconds) in epoch milliseconds: when the current window ends. */
  resetAtMs?: number;
  /** True for a 429: Intercom refused the call, so it did not count against the window. */
  refused?: boolean;
}

export interface Slot {
  /** Milliseconds spent waiting for the slot. */
  waitedMs: number;
  /** Call once the call's answer has arrived (without `answer` when none came or it had no rate headers). */
  release: (answer?: RateLimitAnswer) => void;
}

export interface RateLimiterOptions {
  /** Length of Intercom's window in ms (INTERCOM_RATE_WINDOW_MS; 10 000 for Intercom). */
  windowMs: number;
  /** Calls per window this process never exceeds, whatever Intercom announces (INTERCOM_RATE_LIMIT). */
  ceiling?: number;
  /**
   * Calls per window assumed until Intercom announces its limit: default 166, Intercom's
   * example for a 1,000-a-minute app and the original service's setting (Intercom field
   * notes, "Rate limits"); a private app is announced about 1,666 per 10 s.
   */
  initialLimit?: number;
}

/** The initial limit: 166 calls per window (see RateLimiterOptions.initialLimit). */
export const INITIAL_RATE_LIMIT = 166;

/**
 * `X-RateLimit-Reset` is in whole seconds, so a window may really end up to a second
 * before it (Intercom field notes, "Rate limits"): calls are spread so as to be done that
 * much before the announced reset, and none lands in the next window unplanned.
 */
const RESET_ROUNDING_MS = 1000;

/**
 * How early a spread call may start against its due time, ms. Timers fire late on a busy
 * event loop; without this slack every late start would push all the following ones back,
 * and a window's calls would no longer fit in it (the spread's pace is the limit's own).
 */
const SPREAD_TOLERANCE_MS = 25;

interface Waiter {
  since: number;
  resolve: (slot: Slot) => void;
}

/** One of Intercom's windows, as far as its answers (or the refill that follows them) told. */
interface WindowView {
  /** Epoch ms at which Intercom said the window resets. */
  endsAt: number;
  /** Calls Intercom would still accept: the lowest Remaining read for this window. */
  remaining: number;
  /** True when no answer described this window yet: `remaining` is the refilled limit, less what this process started since. */
  assumed: boolean;
  /** This process's calls Intercom counted in this window (answers carrying its reset). */
  counted: number;
  /** When `remaining` was last read (or, assumed, when the window began), epoch ms. */
  newsAt: number;
  /** Calls in this window that were surely not this process's, as last measured. */
  othersUsed: number;
}

export class RateLimiter {
  readonly windowMs: number;
  readonly ceiling: number | undefined;
  private announced: number | undefined;
  private readonly initialLimit: number;
  private inFlight = 0;
  /** Answer times of finished calls still inside the window, oldest first (rule 3). */
  private finished: number[] = [];
  private pausedUntil = 0;
  private view: WindowView | undefined;
  /** When spreading would next have a call start (before the tolerance), epoch ms. */
  private spreadDueAt = Number.NEGATIVE_INFINITY;
  /** When an answer last showed another instance's calls; unknown until a window proves this process alone. */
  private othersSeenAt = Number.NEGATIVE_INFINITY;
  private provenAlone = false;
  /** Other instances' calls counted in the last window that ended. */
  private lastOthersUsed = 0;
  /** Moving average of this process's calls from start to answer, ms. */
  private roundTripMs = 0;
  private readonly waiting: Record<CallPriority, Waiter[]> = { interactive: [], batch: [] };
  private serving = false;
  private wake: (() => void) | undefined;
  /** When the pending timer of the serving loop fires, epoch ms. */
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    options: RateLimiterOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = options.windowMs;
    this.ceiling = options.ceiling;
    this.initialLimit = options.initialLimit ?? INITIAL_RATE_LIMIT;
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
    return new Promise((resolve) => {
      this.waiting[priority].push({ since: this.clock.now(), resolve });
      void this.serve();
    });
  }

  /** Intercom refused a call (429): nothing starts until `epochMs`. */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
    this.wake?.();
  }

  /** Calls that could start right now, were the spreading over the window not asked for. */
  available(): number {
    const now = this.clock.now();
    const view = this.currentView(now);
    const room = view ? this.viewRoom(view, now) : Number.POSITIVE_INFINITY;
    const sliding = this.slidingLimit(view);
    if (sliding === undefined) return room;
    this.forgetExpired(now);
    return Math.min(room, sliding - this.inFlight - this.finished.length);
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
      const delay = this.delayBeforeNextStart();
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

  /** 0 when a call may start now, else how long to wait at most before asking again (ms). */
  private delayBeforeNextStart(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    // Waiting only for an answer: it wakes the loop; the window is a backstop.
    const forAnAnswer = this.windowMs;
    const view = this.currentView(now);
    if (view) {
      const room = this.viewRoom(view, now);
      if (room <= 0)
        return this.inFlight > 0 ? Math.min(forAnAnswer, view.endsAt - now) : view.endsAt - now;
      if (this.othersLikely(now) && this.spreadDueAt - SPREAD_TOLERANCE_MS > now) {
        return this.spreadDueAt - SPREAD_TOLERANCE_MS - now;
      }
    }
    const sliding = this.slidingLimit(view);
    if (sliding !== undefined) {
      this.forgetExpired(now);
      if (sliding - this.inFlight - this.finished.length <= 0) {
        // Full: wait for the oldest finished call to leave the window, or for an in-flight one to end.
        return this.finished.length > 0 ? this.finished[0] + this.windowMs - now : forAnAnswer;
      }
    }
    return 0;
  }

  /** The limit rule 3 holds this process to: the limit without a described window, else the ceiling if set. */
  private slidingLimit(view: WindowView | undefined): number | undefined {
    return view ? this.ceiling : this.limit;
  }

  /** Calls that may still start in the view's window (rule 1, or rule 2 when assumed). */
  private viewRoom(view: WindowView, now: number): number {
    // Calls in flight were sent after the answer that gave `remaining`, or may not have been
    // counted yet when it was given: both ways they are still to come off it.
    const uncounted = view.assumed ? 0 : this.inFlight;
    return view.remaining - uncounted - this.reserveForOthers(view, now);
  }

  /**
   * Calls kept back for other instances while they draw on the window too: those they
   * started that Remaining did not count yet, reckoned at the pace they kept in this
   * window and the last (calls per ms) over the age of Remaining plus one round trip;
   * and one more, so that two instances reading the same Remaining cannot both take the
   * last call.
   */
  private reserveForOthers(view: WindowView, now: number): number {
    if (!this.othersLikely(now)) return 0;
    const windowStart = view.endsAt - this.windowMs;
    const elapsed = Math.min(this.windowMs, Math.max(0, now - windowStart));
    const pace = (this.lastOthersUsed + view.othersUsed) / (this.windowMs + elapsed);
    const unseenFor = Math.max(0, now - view.newsAt) + this.roundTripMs;
    return 1 + Math.ceil(pace * unseenFor);
  }

  /**
   * The gap between two starts that spreads what is left of the window evenly up to a
   * second before its announced reset (RESET_ROUNDING_MS), never closer than the whole
   * limit spread over that time. Each instance slows down as Remaining falls, whoever
   * spent it, so several instances end the window together rather than overrunning it.
   */
  private spreadGap(view: WindowView, room: number, now: number): number {
    const margin = Math.min(RESET_ROUNDING_MS, this.windowMs / 2);
    const deadline = view.endsAt - margin > now ? view.endsAt - margin : view.endsAt;
    // Until another instance's call is seen, the room may be spent faster than the whole
    // limit over the window: a process that starts late in a window can still fill it.
    const shortest = this.noOthersSeen(view) ? 0 : (this.windowMs - margin) / this.limit;
    return Math.max(shortest, (deadline - now) / (room + 1));
  }

  /**
   * No answer ever showed another instance's call (Remaining always matched this
   * process's own): the spread need not hold to the limit's own pace (the call kept
   * back by reserveForOthers still guards a window's last call).
   */
  private noOthersSeen(view: WindowView): boolean {
    return this.othersSeenAt === Number.NEGATIVE_INFINITY && view.othersUsed === 0;
  }

  private othersLikely(now: number): boolean {
    return !this.provenAlone || now - this.othersSeenAt < 2 * this.windowMs;
  }

  /**
   * The window the next call would count in, or undefined when no answer has described
   * one (rule 3). After a described window's reset, its successor is assumed full (rule 2)
   * until an answer describes it.
   */
  private currentView(now: number): WindowView | undefined {
    const view = this.view;
    if (!view) return undefined;
    if (now < view.endsAt) return view;
    if (view.assumed) {
      // Two refills in a row: no answer with rate headers came in a whole window.
      this.view = undefined;
      return undefined;
    }
    this.closeView(view);
    const windows = Math.floor((now - view.endsAt) / this.windowMs) + 1;
    this.view = {
      endsAt: view.endsAt + windows * this.windowMs,
      remaining: this.limit - this.inFlight,
      assumed: true,
      counted: 0,
      newsAt: view.endsAt + (windows - 1) * this.windowMs,
      othersUsed: 0,
    };
    return this.view;
  }

  /** A window this process used alone proves it alone (no call need be kept back). */
  private closeView(view: WindowView): void {
    if (view.counted > 0 && view.othersUsed === 0) this.provenAlone = true;
    this.lastOthersUsed = view.othersUsed;
  }

  private take(since: number): Slot {
    const now = this.clock.now();
    const startedAt = now;
    const view = this.currentView(now);
    if (view && this.othersLikely(now)) {
      // Due times move on by one gap per call, from the later of the last due time and now:
      // a start a timer made late is made up by the next ones (within the tolerance).
      const gap = this.spreadGap(view, this.viewRoom(view, now), now);
      this.spreadDueAt = Math.max(this.spreadDueAt, now) + gap;
    }
    this.inFlight += 1;
    if (view?.assumed) view.remaining -= 1;
    let released = false;
    return {
      waitedMs: now - since,
      release: (answer) => {
        if (released) return;
        released = true;
        const answeredAt = this.clock.now();
        this.inFlight -= 1;
        this.forgetExpired(answeredAt);
        this.finished.push(answeredAt);
        if (answer) {
          const took = answeredAt - startedAt;
          this.roundTripMs = this.roundTripMs === 0 ? took : 0.8 * this.roundTripMs + 0.2 * took;
          this.learn(answer);
        }
        this.wake?.();
      },
    };
  }

  /** Takes in what one answer's headers said (rule 1). */
  private learn(answer: RateLimitAnswer): void {
    const now = this.clock.now();
    if (answer.limit !== undefined && Number.isInteger(answer.limit) && answer.limit > 0) {
      this.announced = answer.limit;
    }
    const { remaining, resetAtMs } = answer;
    if (remaining === undefined || resetAtMs === undefined || remaining < 0) return;
    // A reset already past (clocks differ, Intercom's field notes) describes no window ahead.
    if (resetAtMs <= now) return;
    let view = this.view;
    if (!view || view.assumed || resetAtMs > view.endsAt) {
      if (view && !view.assumed) this.closeView(view);
      view = {
        endsAt: resetAtMs,
        remaining,
        assumed: false,
        counted: 0,
        newsAt: now,
        othersUsed: 0,
      };
      this.view = view;
    } else if (resetAtMs < view.endsAt) {
      return; // a late answer about a window already over
    }
    view.remaining = Math.min(view.remaining, remaining);
    view.newsAt = now;
    if (!answer.refused) view.counted += 1;
    // Intercom counted more calls in this window than this process can have made in it.
    const used = (this.announced ?? this.limit) - view.remaining;
    const own = view.counted + this.inFlight;
    if (used > own) {
      view.othersUsed = Math.max(view.othersUsed, used - own);
      this.othersSeenAt = now;
    }
  }

  private forgetExpired(now: number): void {
    const horizon = now - this.windowMs;
    let expired = 0;
    while (expired < this.finished.length && this.finished[expired] <= horizon) expired += 1;
    if (expired > 0) this.finished = this.finished.slice(expired);
  }
}
