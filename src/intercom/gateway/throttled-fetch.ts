import { Logger } from '@nestjs/common';
import { currentCallPriority } from './call-priority';
import { CallTimeoutError, type SendFunction } from './intercom-fetcher';
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

export interface ThrottledFetchOptions {
  limiter: RateLimiter;
  /** Time limit of one call and its body, counted from when it leaves (not while it waits for a slot), in ms. */
  timeoutMs: number;
  /** How many times one call waits out a 429 before giving up (the inbox retries later). */
  maxRateLimitRetries?: number;
  clock?: Clock;
  /** The fetch that sends; default the global one. */
  fetch?: SendFunction;
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

function header(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Sends one request and reads its whole body, aborted after `timeoutMs`
 * (CallTimeoutError). The body is read here so that a stalled body counts too.
 */
async function sendWithin(
  send: SendFunction,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), timeoutMs);
  try {
    const response = await send(url, { ...init, signal: timer.signal });
    const body = await response.arrayBuffer();
    return new Response(body.byteLength > 0 ? body : null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    throw timer.signal.aborted ? new CallTimeoutError(timeoutMs) : error;
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * What the service's Intercom fetcher sends with (intercom-fetcher.ts): every call passes the rate
 * limiter, teaches the limiter what Intercom's headers say, and waits out a 429
 * before trying again (Intercom's 429 carries no `Retry-After`, sometimes no
 * rate headers at all, and its `X-RateLimit-Reset` can lie in the past: then one
 * second). The SDK's retries are switched off by the gateway: this is the only
 * retry loop for rate limits; every other failure goes back to the inbox's policy.
 */
export function createThrottledFetch(options: ThrottledFetchOptions): SendFunction {
  const clock = options.clock ?? systemClock;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const send = options.fetch ?? globalThis.fetch;
  const logger = new Logger('IntercomGateway');

  return async (url, init) => {
    const endpoint = endpointOf(url);
    const method = (init.method ?? 'GET').toUpperCase();
    for (let attempt = 0; ; attempt++) {
      const slot = await options.limiter.acquire(currentCallPriority());
      const started = clock.now();
      const report = (status: number) =>
        options.onCall?.({
          method,
          endpoint,
          status,
          durationMs: clock.now() - started,
          rateLimitWaitMs: slot.waitedMs,
        });
      let response: Response;
      try {
        response = await sendWithin(send, url, init, options.timeoutMs);
      } catch (error) {
        slot.release();
        report(0);
        throw error;
      }
      const resetSeconds = header(response.headers, 'x-ratelimit-reset');
      const resetAt = resetSeconds !== undefined ? resetSeconds * 1000 : undefined;
      // The limiter follows what Intercom says is left of the window (X-RateLimit-Remaining: 0
      // holds every call until the reset), for the whole app, not this process alone.
      slot.release({
        limit: header(response.headers, 'x-ratelimit-limit'),
        remaining: header(response.headers, 'x-ratelimit-remaining'),
        resetAtMs: resetAt,
        refused: response.status === 429,
      });
      report(response.status);

      if (response.status !== 429 || attempt >= maxRetries) return response;
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
