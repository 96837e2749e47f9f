import { retryingFetch, type RetryRecord } from '../../common/http/retry/retrying-fetch';
import type { SendFunction } from './intercom-fetcher';
import { endpointOf } from './throttled-fetch';

/**
 * Calls Intercom may receive twice with no other effect: reads, a contact's update (the same
 * attributes written again) and a contact search. Never a note, a merge, a create, an
 * archive or a tag removal: sent twice, they could be done twice.
 */
export function isIdempotentIntercomCall(method: string, url: string): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  const endpoint = endpointOf(url);
  return (
    (method === 'PUT' && endpoint === '/contacts/{id}') ||
    (method === 'POST' && endpoint === '/contacts/search')
  );
}

/**
 * The raw send to Intercom with retrying-fetch.ts's policy for broken connections: an
 * idempotent call whose keep-alive connection a gateway reset is sent again at once (undici
 * then opens a fresh connection), any call that could not connect at all is sent again once.
 * It sits inside one call of the throttled fetch: one rate-limit slot and one time limit
 * (INTERCOM_TIMEOUT_MS) for both attempts. No `Retry-After` is waited here: Intercom's 429 has
 * its own loop (throttled-fetch.ts) and its 5xx go to the inbox's backoff.
 */
export function withConnectionRetry(
  send: SendFunction,
  onRetry?: (record: RetryRecord) => void,
): SendFunction {
  return retryingFetch(send, {
    idempotent: isIdempotentIntercomCall,
    retryAfterStatuses: [],
    deadline: () => undefined,
    onRetry,
  });
}
