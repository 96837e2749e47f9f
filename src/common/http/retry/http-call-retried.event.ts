import type { RetryReason } from './retrying-fetch';

/** The HTTP dependencies whose calls retrying-fetch.ts may send again. */
export type HttpDependency = 'supabase' | 'intercom';

/**
 * A call to an HTTP dependency was sent again (retrying-fetch.ts), counted in
 * `natca_http_retries_total{dependency,reason}`. `endpoint` is a path without ids or query
 * (`/rest/v1/positions`, `/contacts/{id}`): no personal data.
 */
export class HttpCallRetriedEvent {
  constructor(
    readonly dependency: HttpDependency,
    readonly reason: RetryReason,
    readonly method: string,
    readonly endpoint: string,
    readonly waitMs: number,
  ) {}
}
