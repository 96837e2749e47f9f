import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the storage answers for one request (the package does not export the type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  /** Epoch ms. */
  endsAt: number;
}

/**
 * @nestjs/throttler storage counting fixed windows: a caller's first request
 * opens a window of `ttl` ms; past `limit` requests in it, the rest of the
 * window is refused, and `Retry-After` (timeToBlockExpire) is the seconds
 * until it ends (at least 1). One counter per caller, so a request costs the
 * same whatever the limit: the package's default storage keeps one expiry per
 * hit and scans them on every request (60,000 entries per caller at 1,000
 * lookups a second over a minute). Windows that ended are forgotten at most
 * once per `ttl`, on the request path (no timer to stop). In-process: each
 * instance counts its own callers.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (now >= this.nextSweepAt) this.forgetEnded(now, ttl);
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl };
      this.windows.set(key, window);
    }
    window.hits += 1;
    const secondsLeft = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = window.hits > limit;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    });
  }

  /** Callers whose window is still open (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private forgetEnded(now: number, ttl: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now) this.windows.delete(key);
    }
    this.nextSweepAt = now + ttl;
  }
}
