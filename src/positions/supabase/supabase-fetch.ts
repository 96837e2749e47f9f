import { deadlineOf } from '../../common/http/retry/deadline-signal';
import { retryingFetch, type RetryRecord } from '../../common/http/retry/retrying-fetch';
import { keepAliveFetch } from './keep-alive-fetch';

export interface SupabaseFetchOptions {
  /** Time limit of one request, its body included, in ms (SUPABASE_TIMEOUT_MS). */
  timeoutMs: number;
  connections: Parameters<typeof keepAliveFetch>[0];
  onRetry?: (record: RetryRecord) => void;
}

/** Supabase reads are GET (HEAD for counts): the only requests this service sends there. */
const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * The fetch given to supabase-js (whose own retries are switched off per query with
 * `.retry(false)`: this is the one retry policy, retrying-fetch.ts):
 *  - every attempt is cut at `timeoutMs`, and at the caller's signal (its deadline,
 *    signalUntil());
 *  - a GET on a keep-alive connection a gateway reset is sent again at once on a fresh one
 *    (the pool's idle connections are closed first: as old, they are likely dead too);
 *  - a `503` (PostgREST reloading its schema cache, `PGRST002`) or `429` with a `Retry-After`
 *    that fits before the caller's deadline is waited out and sent again. Without a deadline
 *    (readiness) it is returned as it came.
 * supabase-js's own retries would wait 1 s before retrying a reset, and up to 1 + 2 + 4 s of
 * `Retry-After` or backoff whatever the caller's deadline.
 */
export function supabaseFetch(options: SupabaseFetchOptions): typeof fetch {
  const transport = keepAliveFetch(options.connections);
  const attempt = (url: string, init: RequestInit) => {
    const limit = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, limit]) : limit;
    return transport.fetch(url, { ...init, signal });
  };
  const send = retryingFetch(attempt, {
    idempotent: isRead,
    retryAfterStatuses: [503, 429],
    deadline: (init) => deadlineOf(init.signal),
    onReset: () => transport.dropIdleConnections(),
    onRetry: options.onRetry,
  });
  return ((input: string | URL, init?: RequestInit) =>
    send(input.toString(), init ?? {})) as typeof fetch;
}
