import { connectionFailureOf } from './connection-failure';
import { retryAfterMs } from './retry-after';

/** Why a call was sent again: the label of `natca_http_retries_total`. */
export type RetryReason = 'connection_reset' | 'not_connected' | 'retry_after';

/** One retry, as reported to `onRetry` (for the log and the metric). */
export interface RetryRecord {
  reason: RetryReason;
  method: string;
  url: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Time waited before sending again, in ms (0 after a connection failure). */
  waitMs: number;
}

/** What the wrapper reads of an answer; node-fetch's and WHATWG's Response both fit. */
export interface RetryableResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface RetryableInit {
  method?: string;
  signal?: AbortSignal | null;
}

export interface RetryPolicy<I extends RetryableInit> {
  /**
   * May this call be sent twice, i.e. does doing it twice change nothing (GET, a PUT of a whole
   * resource, a search)? Only such calls are sent again after a reset or a `Retry-After`.
   */
  idempotent(method: string, url: string): boolean;
  /** Statuses whose `Retry-After` is waited out (idempotent calls only), e.g. 503, 429. */
  retryAfterStatuses: readonly number[];
  /**
   * When the call must be over (epoch ms): a `Retry-After` wait is taken only when it ends
   * early enough to leave the next attempt time to answer. Undefined: never waited out.
   */
  deadline(init: I): number | undefined;
  /** Before sending again after a reset (e.g. closing idle pooled sockets: they may be stale too). */
  onReset?(): void;
  onRetry?(record: RetryRecord): void;
}

/** A call whose connection failed is sent again once, at once: a second failure is a real one. */
export const MAX_CONNECTION_RETRIES = 1;
/** `Retry-After` waits per call at most (PostgREST reloading its schema cache takes a second or two). */
export const MAX_RETRY_AFTER_WAITS = 3;
/** After a `Retry-After` wait, the next attempt must still have this long before the deadline. */
export const MIN_ATTEMPT_MS = 250;

function aborted(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wraps a fetch-like `send` with the service's one retry policy for HTTP dependencies
 * (docs/reference.md, "Delivery guarantees and safety"):
 *  - a connection that failed before sending (`not_connected`) is sent again once, any method;
 *  - an idempotent call whose connection was reset (`connection_reset`: a keep-alive socket a
 *    gateway dropped while idle) is sent again once, at once (`onReset` makes it a fresh
 *    connection); a non-idempotent one is not: it may have been done, and the error goes up;
 *  - an idempotent call answered with one of `retryAfterStatuses` and a `Retry-After` that fits
 *    before the deadline is sent again after that wait (at most MAX_RETRY_AFTER_WAITS times);
 *    otherwise that answer is returned as it is.
 * Every other answer or error goes to the caller unchanged. On the path of every call it adds
 * one try/catch and one status comparison.
 */
export function retryingFetch<I extends RetryableInit, R extends RetryableResponse>(
  send: (url: string, init: I) => Promise<R>,
  policy: RetryPolicy<I>,
): (url: string, init: I) => Promise<R> {
  const waitStatuses = new Set(policy.retryAfterStatuses);
  return async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    let resets = 0;
    let waits = 0;
    for (let attempt = 1; ; attempt++) {
      let response: R;
      try {
        response = await send(url, init);
      } catch (error) {
        const failure = connectionFailureOf(error);
        const again =
          resets < MAX_CONNECTION_RETRIES &&
          (failure === 'not_connected' || (failure === 'reset' && policy.idempotent(method, url)));
        if (!again || init.signal?.aborted) throw error;
        resets++;
        if (failure === 'reset') policy.onReset?.();
        policy.onRetry?.({
          reason: failure === 'reset' ? 'connection_reset' : 'not_connected',
          method,
          url,
          attempt,
          waitMs: 0,
        });
        continue;
      }
      if (!waitStatuses.has(response.status)) return response;
      const deadline = policy.deadline(init);
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      if (
        wait === undefined ||
        deadline === undefined ||
        waits >= MAX_RETRY_AFTER_WAITS ||
        Date.now() + wait + MIN_ATTEMPT_MS > deadline ||
        !policy.idempotent(method, url)
      ) {
        return response;
      }
      waits++;
      await response.text(); // frees the connection for the next attempt
      policy.onRetry?.({ reason: 'retry_after', method, url, attempt, waitMs: wait });
      await sleep(wait, init.signal);
    }
  };
}
