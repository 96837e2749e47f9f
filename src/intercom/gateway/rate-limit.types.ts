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

/** The right to start one call, handed out by the RateLimiter. */
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
