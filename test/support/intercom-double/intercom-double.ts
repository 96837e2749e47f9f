/**
 * An in-memory Intercom REST API (version 2.11) over real HTTP, for end-to-end tests,
 * benchmarks and a local sandbox.
 *
 * Every request goes through, in this order:
 *  1. recording (`requests`; status 0 until answered, and forever for hung requests),
 *  1a. a revoked token (`faults.revokeToken`): every call answers 401 `unauthorized`
 *     "Access Token Invalid" (or 403 `forbidden`) without X-RateLimit-* headers, and is
 *     recorded with `revoked: true`; `callCounts({ revoked: true })` counts them per call,
 *  2. the rate limiter (429 `rate_limit_exceeded` once the window's budget is spent),
 *  3. injected faults (`faults.failNext` / `hangNext`), then the configured latency,
 *  4. the bearer token check when `token` is set (401),
 *  5. the OpenAPI check against Intercom's description (unknown path or method: 404,
 *     invalid params/headers/body: 400; both are also pushed to `validationErrors`),
 *  6. the operation's handler (intercom-routes.ts); valid operations the double does not
 *     implement answer 501 so a gap in the double cannot pass for Intercom behaviour.
 * Every answer carries X-RateLimit-Limit / -Remaining / -Reset, except an injected failure
 * asked for without them (`failNext(n, 429, match, { rateHeaders: 'none' })`); no answer
 * carries Retry-After.
 *
 * Intercom behaviour the handlers reproduce beyond the description, as integrators meet it
 * (../shared/intercom/FIELD-NOTES.md):
 *  - the workspace's contact data attributes (`store.dataAttributes()`; GET and POST
 *    /data_attributes): a contact write naming a custom attribute the workspace lacks is
 *    refused as a whole (400 `Custom attribute '<name>' does not exist`), and so is a
 *    string value over 255 characters, a value outside a list attribute's options and one
 *    that does not fit the attribute's data type (`store.updateDataAttribute(name,
 *    { options })`; `store.valueRefusalWording` picks whether the message names the
 *    attribute); an archived attribute is left out of the listing, and writes to it succeed
 *    without storing;
 *  - archived contacts answer 404 to GET/PUT, are left out of search, and a user create
 *    with their email answers 409 `An archived contact matching those details already
 *    exists with id=<id>`; unarchive brings them back, except contacts deleted for good
 *    (`store.deleteForGood(id)`), whose unarchive fails (404 or a 5xx);
 *  - merges: a lead marked unmergeable (`store.setUnmergeable(id)`) answers 422 with an
 *    empty error code; a merged lead's id answers 404 for ever;
 *  - internal notes on conversations (`store.notes(conversationId)`).
 *
 * Usage:
 *   const intercom = await startIntercomDouble({ token: 'test-token' });
 *   const lead = intercom.store.addContact({ role: 'lead', email: 'a@example.com' });
 *   // ... point the service at intercom.url, exercise it ...
 *   expect(intercom.validationErrors).toEqual([]);
 *   await intercom.close();
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultControls, type RateHeaderMode } from './fault-injector';
import { SearchFaults, type SearchFaultControls } from './search-faults';
import {
  type DoubleResponse,
  errorList,
  errorResponse,
  faultBody,
  type IntercomError,
} from './intercom-errors';
import { intercomRoutes } from './intercom-routes';
import { IntercomStore } from './intercom-store';
import {
  type AjvError,
  DEFAULT_OPENAPI_PATH,
  loadIntercomOpenApi,
} from './openapi-request-validator';
import {
  DEFAULT_RATE_LIMIT,
  FixedWindowRateLimiter,
  type RateLimitDecision,
  rateLimitHeaders,
  type RateLimitStats,
  type RateLimitWindows,
} from './rate-limiter';

export { IntercomStore } from './intercom-store';
export type {
  ContactSeed,
  ConversationNote,
  ConversationSeed,
  DataAttributeChange,
  DataAttributeSeed,
  DeletedContact,
  DeletedContactOptions,
  StoredContact,
  StoredConversation,
  StoredDataAttribute,
  StoredTag,
  ValueRefusalWording,
} from './intercom-store';
export type {
  FailOptions,
  FaultMatch,
  RateHeaderMode,
  RevokeOptions,
  TokenRefusalStatus,
} from './fault-injector';

export interface IntercomDoubleOptions {
  /** Port to listen on; 0, the default, picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (a sandbox in a container may want 0.0.0.0). */
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /** Fixed windows anchored at start; default 10 000 calls per 10 000 ms. */
  rateLimit?: { limit: number; windowMs: number };
  /** Intercom's OpenAPI description; default ../shared/intercom/api.intercom.io.2.11.yaml from the repo root. */
  openapiPath?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** Header names in lower case, e.g. headers['intercom-version']. */
  headers: Record<string, string | undefined>;
  /** Status answered; 0 while (or if forever) unanswered. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** True when it was answered 401/403 because the token was revoked (`faults.revokeToken`). */
  revoked: boolean;
}

/** Which recorded requests callCounts() counts. */
export interface CallCountFilter {
  /** Only requests from this index of `requests` on (e.g. `requests.length` before a step). */
  since?: number;
  /** true: only those answered by a revoked token; false: only the others. */
  revoked?: boolean;
}

export interface ValidationFailure {
  method: string;
  path: string;
  errors: unknown;
}

export interface IntercomDouble {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  store: IntercomStore;
  requests: RecordedRequest[];
  validationErrors: ValidationFailure[];
  faults: FaultControls;
  /** Requests per `METHOD /path` (one key per contact for `/contacts/{id}`), e.g. `GET /contacts/abc`. */
  callCounts(filter?: CallCountFilter): Record<string, number>;
  /** Opt-in misbehaviour of POST /contacts/search (search-faults.ts). */
  searchFaults: SearchFaultControls;
  rateLimitStats(): RateLimitStats;
  /** The rate limit and where its fixed windows are anchored, to count windows from `requests[].at`. */
  rateLimitWindows(): RateLimitWindows;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined),
    );
    req.on('error', reject);
  });
}

function parseForRecord(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Turns Ajv's errors into Intercom's 400 error objects. */
function validationErrorsToIntercom(errors: AjvError[]): IntercomError[] {
  const converted = errors.map((e): IntercomError => {
    const [section = 'requestBody', ...rest] = e.instancePath.split('/').filter(Boolean);
    const where = rest.length ? rest.join('.') : section === 'requestBody' ? 'body' : section;
    const missing = (e.params as { missingProperty?: unknown }).missingProperty;
    if (e.keyword === 'required' && typeof missing === 'string') {
      return {
        code: 'parameter_not_found',
        message: `${missing} is a required parameter`,
        field: missing,
      };
    }
    return {
      code: 'parameter_invalid',
      message: `${where} ${e.message ?? 'is invalid'}`,
      field: where,
    };
  });
  const seen = new Set<string>();
  return converted.filter((e) => !seen.has(e.message) && Boolean(seen.add(e.message)));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How far in the past X-RateLimit-Reset lies for `rateHeaders: 'reset-in-past'`. */
const RESET_IN_PAST_SECONDS = 60;

/** Applies an injected failure's choice of X-RateLimit-* headers (see RateHeaderMode). */
function withRateHeaders(response: DoubleResponse, mode: RateHeaderMode): DoubleResponse {
  if (mode === 'none') {
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).filter(([name]) => !/^x-ratelimit-/i.test(name)),
    );
    return { ...response, headers, omitRateLimitHeaders: true };
  }
  if (mode === 'reset-in-past') {
    const reset = Math.floor(Date.now() / 1000) - RESET_IN_PAST_SECONDS;
    return { ...response, headers: { ...response.headers, 'X-RateLimit-Reset': String(reset) } };
  }
  return response;
}

export async function startIntercomDouble(
  options: IntercomDoubleOptions = {},
): Promise<IntercomDouble> {
  const openApi = await loadIntercomOpenApi(options.openapiPath ?? DEFAULT_OPENAPI_PATH);
  const missing = Object.keys(intercomRoutes).filter((id) => !openApi.hasOperation(id));
  if (missing.length) {
    throw new Error(`Intercom double handlers for unknown operations: ${missing.join(', ')}`);
  }

  const store = new IntercomStore();
  const limiter = new FixedWindowRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const faults = new FaultInjector();
  const searchFaults = new SearchFaults();
  const requests: RecordedRequest[] = [];
  const validationErrors: ValidationFailure[] = [];
  const hanging = new Set<ServerResponse>();
  let closed = false;

  const answer = (
    res: ServerResponse,
    record: RecordedRequest,
    response: DoubleResponse,
    rate: RateLimitDecision,
  ): void => {
    if (closed || res.destroyed || res.writableEnded) return;
    record.status = response.status;
    res.writeHead(response.status, {
      ...JSON_HEADERS,
      ...(response.omitRateLimitHeaders ? {} : rateLimitHeaders(rate)),
      ...response.headers,
    });
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  };

  const respond = async (
    req: IncomingMessage,
    record: RecordedRequest,
    rawBody: string | undefined,
    rate: RateLimitDecision,
  ): Promise<DoubleResponse | 'hang'> => {
    const revoked = faults.revokedStatus();
    if (revoked !== undefined) {
      record.revoked = true;
      return revoked === 401
        ? {
            ...errorResponse(401, 'unauthorized', 'Access Token Invalid'),
            omitRateLimitHeaders: true,
          }
        : {
            ...errorResponse(403, 'forbidden', 'Access to this resource is forbidden'),
            omitRateLimitHeaders: true,
          };
    }

    if (!rate.allowed) {
      return {
        status: 429,
        body: errorList({ code: 'rate_limit_exceeded', message: limiter.message() }),
      };
    }

    const fault = faults.take(record.method, record.path);
    if (fault?.kind === 'hang') return 'hang';
    if (faults.latency > 0) await sleep(faults.latency);
    if (fault?.kind === 'fail') {
      if (fault.status === 429) {
        const body = errorList({ code: 'rate_limit_exceeded', message: limiter.message() });
        const headers = { 'X-RateLimit-Remaining': '0' };
        return withRateHeaders({ status: 429, body, headers }, fault.rateHeaders);
      }
      return withRateHeaders(
        { status: fault.status, body: faultBody(fault.status) },
        fault.rateHeaders,
      );
    }

    if (options.token !== undefined && record.headers.authorization !== `Bearer ${options.token}`) {
      return errorResponse(401, 'unauthorized', 'Access Token Invalid');
    }

    const url = new URL(req.url ?? '/', 'http://intercom-double');
    const check = openApi.check({
      method: record.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: req.headers as Record<string, string | string[]>,
      body: rawBody,
    });
    if (!check.ok) {
      validationErrors.push({ method: record.method, path: record.path, errors: check.errors });
      if (check.reason === 'invalid_request') {
        return { status: 400, body: errorList(validationErrorsToIntercom(check.errors)) };
      }
      return {
        status: 404,
        body: errorList({
          code: 'not_found',
          message: `Resource Not Found (${check.errors.map((e) => e.message).join('; ')})`,
        }),
      };
    }

    const handler = intercomRoutes[check.operationId];
    if (!handler) {
      return errorResponse(
        501,
        'not_implemented',
        `The Intercom test double does not implement ${check.operationId} (${record.method} ${record.path})`,
      );
    }
    return handler({
      store,
      searchFaults,
      params: check.params,
      query: check.query,
      body: check.body,
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://intercom-double');
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: flattenHeaders(req),
      status: 0,
      at: Date.now(),
      revoked: false,
    };
    requests.push(record);
    // Counted on arrival; the answer carries the window's state as of this request.
    const rate = limiter.take();
    readBody(req)
      .then(async (rawBody) => {
        record.body = parseForRecord(rawBody);
        const response = await respond(req, record, rawBody, rate);
        if (response === 'hang') {
          hanging.add(res);
          return;
        }
        answer(res, record, response, rate);
      })
      .catch((error: unknown) => {
        // A bug in the double, not Intercom behaviour: make it loud.
        console.error(`[intercom-double] ${record.method} ${record.path} failed:`, error);
        const message = String((error as { message?: unknown } | null)?.message ?? error);
        answer(res, record, errorResponse(500, 'server_error', message), rate);
      });
  });

  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    store,
    requests,
    validationErrors,
    faults,
    callCounts({ since = 0, revoked }: CallCountFilter = {}) {
      const counts: Record<string, number> = {};
      for (const r of requests.slice(since)) {
        if (revoked !== undefined && r.revoked !== revoked) continue;
        const key = `${r.method} ${r.path}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    searchFaults,
    rateLimitStats: () => limiter.stats(),
    rateLimitWindows: () => limiter.windows(),
    async close() {
      if (closed) return;
      closed = true;
      for (const res of hanging) res.destroy();
      hanging.clear();
      const stopped = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeAllConnections();
      await stopped;
    },
  };
}
