/**
 * Intercom's rate limit: a fixed number of calls per fixed window (10 000 per 10 s by
 * default here). Windows are anchored at the limiter's creation, so tests can reason
 * about them: every call made within `windowMs` of `startIntercomDouble()` falls in the
 * first window.
 */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the current window ends. */
  resetAt: number;
}

export interface RateLimitStats {
  /** The most calls allowed within any single window so far. */
  maxCallsInAnyWindow: number;
  /** Calls that were allowed, in all windows. */
  allowedCalls: number;
  /** How many windows, from the first to the last with an allowed call (0 before any). */
  windowsSpanned: number;
  /** Calls rejected with 429 because the window's budget was spent. */
  tooManyRequests: number;
}

/** Where the fixed windows lie: window n covers [origin + n × windowMs, origin + (n + 1) × windowMs). */
export interface RateLimitWindows extends RateLimitConfig {
  /** Epoch ms at which window 0 began (the limiter's creation). */
  origin: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 10_000, windowMs: 10_000 };

export class FixedWindowRateLimiter {
  readonly origin: number;
  private windowIndex = 0;
  private allowedInWindow = 0;
  private maxAllowed = 0;
  private rejected = 0;
  private allowedTotal = 0;
  private firstWindow: number | undefined;
  private lastWindow: number | undefined;

  constructor(
    readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(config.limit) || config.limit < 1) {
      throw new Error(`rateLimit.limit must be a positive integer, got ${config.limit}`);
    }
    if (!Number.isFinite(config.windowMs) || config.windowMs <= 0) {
      throw new Error(`rateLimit.windowMs must be positive, got ${config.windowMs}`);
    }
    this.origin = now();
  }

  /** Counts one call against the current window; rejected calls do not use up budget. */
  take(): RateLimitDecision {
    this.roll();
    const allowed = this.allowedInWindow < this.config.limit;
    if (allowed) {
      this.allowedInWindow += 1;
      this.allowedTotal += 1;
      this.firstWindow ??= this.windowIndex;
      this.lastWindow = this.windowIndex;
      this.maxAllowed = Math.max(this.maxAllowed, this.allowedInWindow);
    } else {
      this.rejected += 1;
    }
    return { ...this.peek(), allowed };
  }

  /** The current window's state, without counting a call. */
  peek(): RateLimitDecision {
    this.roll();
    const windowEnd = this.origin + (this.windowIndex + 1) * this.config.windowMs;
    return {
      allowed: this.allowedInWindow < this.config.limit,
      limit: this.config.limit,
      remaining: Math.max(0, this.config.limit - this.allowedInWindow),
      resetAt: Math.ceil(windowEnd / 1000),
    };
  }

  stats(): RateLimitStats {
    return {
      maxCallsInAnyWindow: this.maxAllowed,
      tooManyRequests: this.rejected,
      allowedCalls: this.allowedTotal,
      windowsSpanned:
        this.firstWindow === undefined || this.lastWindow === undefined
          ? 0
          : this.lastWindow - this.firstWindow + 1,
    };
  }

  windows(): RateLimitWindows {
    return { ...this.config, origin: this.origin };
  }

  /** Intercom's wording, e.g. "Exceeded rate limit of 10000 in 10_seconds". */
  message(): string {
    return `Exceeded rate limit of ${this.config.limit} in ${this.config.windowMs / 1000}_seconds`;
  }

  private roll(): void {
    const index = Math.floor((this.now() - this.origin) / this.config.windowMs);
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.allowedInWindow = 0;
    }
  }
}

/** The `X-RateLimit-*` headers Intercom puts on every response. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(decision.resetAt),
  };
}

/**
 * The share of the allowed calls that calls arriving at `arrivals` (epoch ms, e.g.
 * `requests[].at` of the calls Intercom accepted) used, counted strictly: calls ÷ (limit ×
 * the fixed windows from the first call's to the last's, all counted whole, the first and
 * last too). 0 without calls.
 */
export function budgetShare(arrivals: readonly number[], windows: RateLimitWindows): number {
  if (arrivals.length === 0) return 0;
  const index = (at: number) => Math.floor((at - windows.origin) / windows.windowMs);
  const first = Math.min(...arrivals.map(index));
  const last = Math.max(...arrivals.map(index));
  return arrivals.length / (windows.limit * (last - first + 1));
}
