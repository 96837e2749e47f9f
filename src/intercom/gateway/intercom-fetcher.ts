import type { BaseClientOptions } from 'intercom-client';

/** The SDK's pluggable transport (intercom-client 7 does not export its types by name). */
export type IntercomFetcher = NonNullable<BaseClientOptions['fetcher']>;
type FetcherArgs = Parameters<IntercomFetcher>[0];
type FetcherResult = Awaited<ReturnType<IntercomFetcher>>;
type RawResponse = FetcherResult['rawResponse'];

/** What the fetcher sends with: a `fetch` that throttles, times out and waits out 429s. */
export type SendFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Thrown by the send function when a call got no answer in time. */
export class CallTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

/** `{ model: 'contact' }` → `?model=contact`; the service sends only flat values. */
function withQuery(url: string, query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      params.append(name, String(item));
    }
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

async function headersOf(args: FetcherArgs): Promise<Headers> {
  const headers = new Headers({ Accept: 'application/json' });
  if (args.body !== undefined && args.contentType) headers.set('Content-Type', args.contentType);
  for (const [name, supplier] of Object.entries(args.headers ?? {})) {
    // A header is a value or a function of the endpoint (the SDK's suppliers).
    const value: unknown =
      typeof supplier === 'function'
        ? await supplier({ endpointMetadata: args.endpointMetadata ?? {} })
        : supplier;
    if (typeof value === 'string' || typeof value === 'number') headers.set(name, String(value));
  }
  return headers;
}

function rawOf(response: Response | null): RawResponse {
  return {
    headers: response?.headers ?? new Headers(),
    redirected: response?.redirected ?? false,
    status: response?.status ?? 0,
    statusText: response?.statusText ?? '',
    type: response?.type ?? 'error',
    url: response?.url ?? '',
  };
}

/**
 * The SDK's transport, written here so that the service keeps one retry policy
 * (the inbox's) and one time limit: the SDK's own retries and timers are not used
 * (`maxRetries` and `timeoutMs` in its arguments are ignored on purpose). It
 * builds the request exactly as intercom-client's fetcher does (JSON body,
 * `Accept: application/json`, the SDK's headers, flat query parameters), sends it
 * through `send`, and answers in the SDK's terms: JSON bodies, `status-code`
 * errors with Intercom's error list, `timeout` for CallTimeoutError, `unknown`
 * for a network failure.
 */
export function createIntercomFetcher(send: SendFunction): IntercomFetcher {
  const fetcher = async (args: FetcherArgs): Promise<FetcherResult> => {
    let response: Response;
    try {
      response = await send(withQuery(args.url, args.queryParameters), {
        method: args.method,
        headers: await headersOf(args),
        body: args.body === undefined ? undefined : JSON.stringify(args.body),
      });
    } catch (error) {
      if (error instanceof CallTimeoutError) {
        return { ok: false, error: { reason: 'timeout' }, rawResponse: rawOf(null) };
      }
      const errorMessage = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { reason: 'unknown', errorMessage }, rawResponse: rawOf(null) };
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return {
          ok: false,
          error: { reason: 'non-json', statusCode: response.status, rawBody: text },
          rawResponse: rawOf(response),
        };
      }
    }
    if (response.status >= 200 && response.status < 400) {
      return { ok: true, body, rawResponse: rawOf(response) };
    }
    return {
      ok: false,
      error: { reason: 'status-code', statusCode: response.status, body },
      rawResponse: rawOf(response),
    };
  };
  return fetcher as IntercomFetcher;
}
