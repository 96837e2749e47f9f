import type { OwnCalls } from './own-calls';
import type { RateLimitAnswer } from './rate-limit.types';

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

/** One of Intercom's windows, as far as its answers (or the refill that follows them) told. */
export interface WindowView {
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

/**
 * Rules 1 and 2 of the RateLimiter (rate-limiter.ts): the window Intercom's answers
 * describe (`X-RateLimit-Remaining`, `X-RateLimit-Reset`), the calls kept back and the
 * spread while other instances may share it, and the refill after its reset. Times are
 * epoch milliseconds.
 */
export class AnnouncedWindows {
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

  /** `limit()`: calls per window this process works with (RateLimiter.limit). */
  constructor(
    private readonly windowMs: number,
    private readonly calls: OwnCalls,
    private readonly limit: () => number,
  ) {}

  /**
   * The window the next call would count in, or undefined when no answer has described
   * one (rule 3). After a described window's reset, its successor is assumed full (rule 2)
   * until an answer describes it.
   */
  current(now: number): WindowView | undefined {
    const view = this.view;
    if (!view) return undefined;
    if (now < view.endsAt) return view;
    if (view.assumed) {
      // Two refills in a row: no answer with rate headers came in a whole window.
      this.view = undefined;
      return undefined;
    }
    this.close(view);
    const windows = Math.floor((now - view.endsAt) / this.windowMs) + 1;
    this.view = {
      endsAt: view.endsAt + windows * this.windowMs,
      remaining: this.limit() - this.calls.inFlight,
      assumed: true,
      counted: 0,
      newsAt: view.endsAt + (windows - 1) * this.windowMs,
      othersUsed: 0,
    };
    return this.view;
  }

  /** Calls that may still start in the view's window (rule 1, or rule 2 when assumed). */
  room(view: WindowView, now: number): number {
    // Calls in flight were sent after the answer that gave `remaining`, or may not have been
    // counted yet when it was given: both ways they are still to come off it.
    const uncounted = view.assumed ? 0 : this.calls.inFlight;
    return view.remaining - uncounted - this.reserveForOthers(view, now);
  }

  /** Ms the spread over the window still asks the next call to wait, 0 for none. */
  spreadDelay(now: number): number {
    const due = this.spreadDueAt - SPREAD_TOLERANCE_MS;
    return this.othersLikely(now) && due > now ? due - now : 0;
  }

  /** A call starts now in `view`'s window (before OwnCalls counts it in flight). */
  starting(view: WindowView | undefined, now: number): void {
    if (view && this.othersLikely(now)) {
      // Due times move on by one gap per call, from the later of the last due time and now:
      // a start a timer made late is made up by the next ones (within the tolerance).
      const gap = this.spreadGap(view, this.room(view, now), now);
      this.spreadDueAt = Math.max(this.spreadDueAt, now) + gap;
    }
    if (view?.assumed) view.remaining -= 1;
  }

  /**
   * Takes in what one answer's headers said (rule 1), after OwnCalls counted it answered.
   * `tookMs`: the call's time from start to answer; `announcedLimit`: the limit Intercom
   * announced last (this process's limit before any announcement).
   */
  learn(answer: RateLimitAnswer, now: number, tookMs: number, announcedLimit: number): void {
    this.roundTripMs = this.roundTripMs === 0 ? tookMs : 0.8 * this.roundTripMs + 0.2 * tookMs;
    const { remaining, resetAtMs } = answer;
    if (remaining === undefined || resetAtMs === undefined || remaining < 0) return;
    // A reset already past (clocks differ, Intercom's field notes) describes no window ahead.
    if (resetAtMs <= now) return;
    let view = this.view;
    if (!view || view.assumed || resetAtMs > view.endsAt) {
      if (view && !view.assumed) this.close(view);
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
    const used = announcedLimit - view.remaining;
    const own = view.counted + this.calls.inFlight;
    if (used > own) {
      view.othersUsed = Math.max(view.othersUsed, used - own);
      this.othersSeenAt = now;
    }
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
    const shortest = this.noOthersSeen(view) ? 0 : (this.windowMs - margin) / this.limit();
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

  /** A window this process used alone proves it alone (no call need be kept back). */
  private close(view: WindowView): void {
    if (view.counted > 0 && view.othersUsed === 0) this.provenAlone = true;
    this.lastOthersUsed = view.othersUsed;
  }
}
