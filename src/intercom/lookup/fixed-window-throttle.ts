import { MemoryStore, type Options } from 'express-rate-limit';
import type { Response } from 'express';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';

export interface ThrottleLimits {
  /** Requests a caller may make per window. */
  limit: number;
  windowMs: number;
}

/**
 * Per-caller fixed windows, counted by express-rate-limit's memory store: a
 * caller's first request opens a window of `windowMs`; past `limit` requests
 * in it, the rest of the window answers 429. One counter per caller, so a
 * request costs the same whatever the limit (@nestjs/throttler's memory
 * storage, used before, kept a timestamp per hit and scanned them all on every
 * request). The store forgets callers idle for a whole window.
 */
export class FixedWindowThrottle {
  private readonly store = new MemoryStore();

  constructor(private readonly limits: ThrottleLimits) {
    // The store reads only windowMs from the middleware's options.
    this.store.init({ windowMs: limits.windowMs } as Options);
  }

  /**
   * Counts one request of `caller`. Within the limit, sets `X-RateLimit-Limit`,
   * `-Remaining` and `-Reset` (seconds until the window ends); past it, sets
   * `Retry-After` (seconds, at least 1) and throws AppError TooManyRequests.
   */
  async hit(caller: string, response: Pick<Response, 'setHeader'>): Promise<void> {
    const { totalHits, resetTime } = await this.store.increment(caller);
    const endsAt = resetTime?.getTime() ?? Date.now() + this.limits.windowMs;
    const secondsLeft = String(Math.max(1, Math.ceil((endsAt - Date.now()) / 1000)));
    if (totalHits > this.limits.limit) {
      response.setHeader('Retry-After', secondsLeft);
      throw new AppError(ErrorCode.TooManyRequests);
    }
    response.setHeader('X-RateLimit-Limit', String(this.limits.limit));
    response.setHeader('X-RateLimit-Remaining', String(this.limits.limit - totalHits));
    response.setHeader('X-RateLimit-Reset', secondsLeft);
  }

  /** Callers the store still holds (for tests). */
  get size(): number {
    return new Set([...this.store.current.keys(), ...this.store.previous.keys()]).size;
  }

  /** Stops the store's sweep timer. */
  close(): void {
    this.store.shutdown();
  }
}
