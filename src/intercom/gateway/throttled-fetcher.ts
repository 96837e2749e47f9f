import { Logger } from '@nestjs/common';
import { fetcher, type Fetcher, type FetchFunction } from 'intercom-client/core';
import { RateLimiter, systemClock, type Clock } from './rate-limiter';

export interface IntercomCallRecord {
  method: string;
  /** Path with ids replaced, e.g. `/contacts/{id}`: a bounded label set for metrics. */
  endpoint: string;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  durationMs: number;
  rateLimitWaitMs: number;
}

export interface ThrottledFetcherOptions {
  limiter: RateLimiter;
  /** How many times one call waits out a 429 before giving up (the inbox retries later). */
  maxRateLimitRetries?: number;
  clock?: Clock;
  onCall?: (record: IntercomCallRecord) => void;
}

/** `/contacts/6657add46abd0167d9419cd2/archive` → `/contacts/{id}/archive` */
export function endpointOf(url: string): string {
  const path = new URL(url).pathname;
  return path
    .split('/')
    .map((segment, index, all) =>
      index >= 2 && all[index - 1] !== '' && /\d|^[a-f0-9]{24}$/i.test(segment) ? '{id}' : segment,
    )
    .join('/');
}

function header(headers: Headers | undefined, name: string): number | undefined {
  const value = headers?.get(name);
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The SDK's own fetcher, wrapped so that every call it makes passes the rate
 * limiter, teaches the limiter what Intercom's headers say, and waits out a
 * 429 before trying again. The SDK's retries are switched off by the gateway:
 * this is the only retry loop for rate limits.
 */
export function createThrottledFetcher(options: ThrottledFetcherOptions): FetchFunction {
  const clock = options.clock ?? systemClock;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const logger = new Logger('IntercomGateway');

  return async <R>(args: Fetcher.Args) => {
    const endpoint = endpointOf(args.url);
    for (let attempt = 0; ; attempt++) {
      const slot = await options.limiter.acquire();
      const started = clock.now();
      const response = await fetcher<R>({ ...args, maxRetries: 0 }).finally(() => slot.release());
      const status = response.rawResponse.status;
      options.onCall?.({
        method: args.method,
        endpoint,
        status,
        durationMs: clock.now() - started,
        rateLimitWaitMs: slot.waitedMs,
      });

      const headers = response.rawResponse.headers;
      const remaining = header(headers, 'x-ratelimit-remaining');
      const resetSeconds = header(headers, 'x-ratelimit-reset');
      const resetAt = resetSeconds !== undefined ? resetSeconds * 1000 : undefined;
      if (remaining === 0 && resetAt !== undefined) options.limiter.pauseUntil(resetAt);

      if (status !== 429 || attempt >= maxRetries) return response;
      const until = resetAt !== undefined && resetAt > clock.now() ? resetAt : clock.now() + 1000;
      options.limiter.pauseUntil(until);
      logger.warn({
        msg: 'Intercom rate limit hit, waiting for the window to reset',
        endpoint,
        wait_ms: until - clock.now(),
      });
    }
  };
}
