/**
 * A PostgREST-compatible HTTP server for tests (and the local sandbox), backed by a real
 * PostgreSQL database (a server through `connectionString`, or any SqlExecutor such as an
 * embedded PGlite), so the real `@supabase/supabase-js` client can be pointed at it
 * instead of a Supabase project: `createClient(server.url, serviceKey, ...)`.
 *
 * Supported subset (read-only), under `/rest/v1/<table>` of the exposed schema:
 *  - GET and HEAD (HEAD: same status and headers, no body); OPTIONS answers `Allow`.
 *    POST/PATCH/PUT/DELETE and others: 405 PGRST117 (the server is read-only).
 *  - `select=col1,alias:col2,col3::text` and `*` (default when `select` is absent).
 *  - Filters `col=[not.]op.value` with eq, neq, gt, gte, lt, lte, like, ilike (`*` is the
 *    wildcard), match, imatch, isdistinct, is (null/true/false/unknown), in.(a,"b,c"),
 *    cs, cd, ov, sl, sr, nxr, nxl, adj, fts/plfts/phfts/wfts[(lang)], and the quantified
 *    forms eq(any)/like(all)/... taking a `{a,b}` array literal. Repeated filters are ANDed.
 *  - Logic trees `or=(f1.op.v,f2.op.v)`, `and=(...)`, `not.or=(...)`, `not.and=(...)`,
 *    nested `and(...)`/`or(...)`/`not.and(...)` inside, e.g.
 *    `or=(end_date.is.null,end_date.gte.2026-11-28)`.
 *  - `order=col.desc,col2.asc.nullslast` (`.nullsfirst`/`.nullslast`), `limit`, `offset`,
 *    and the `Range: 0-9` request header.
 *  - `Prefer: count=exact` (planned/estimated are answered exactly too): `Content-Range:
 *    0-9/42` (an empty page gets a `*` range: `*` followed by `/0`), status 206 when the
 *    page is not the whole set and 416 PGRST103 when the offset is past the end — as
 *    PostgREST does. Without a count the total is `*`: `Content-Range: 0-9/*`.
 *  - `Accept`: application/json (default), application/vnd.pgrst.array+json and
 *    application/vnd.pgrst.object+json (406 PGRST116 unless exactly one row), with
 *    `;nulls=stripped`; other types 406 PGRST107.
 *  - `Accept-Profile` must name the exposed schema (else 406 PGRST106); answered with
 *    `Content-Profile`.
 *  - Bodies are rendered by PostgreSQL's json_agg exactly as PostgREST renders them
 *    (`date` → "YYYY-MM-DD", bigint → number, timestamptz → ISO 8601 with offset).
 *    Responses carry `Content-Type: application/json; charset=utf-8` (a requested
 *    vnd.pgrst media type is echoed instead, as PostgREST does).
 *
 * Errors use PostgREST's body `{"code","details","hint","message"}` and status codes:
 * unknown column → 400 with PostgreSQL's own 42703 error; unknown table → 404 PGRST205
 * with a fuzzy "Perhaps you meant" hint; malformed filter/order/select/logic tree → 400
 * PGRST100; PostgreSQL errors (e.g. 22P02 for `id=eq.abc`) pass through with PostgREST's
 * SQLSTATE → HTTP mapping. Requests need `apikey: <serviceKey>` and/or `Authorization:
 * Bearer <serviceKey>`: none → 401 PGRST302, a different key → 401 PGRST301.
 *
 * Not implemented (answered 400 PGRST127 "Feature not implemented"): resource embedding
 * and spreads, JSON paths (`col->key`), RPC, CSV/GeoJSON/plan media types. The
 * URL grammar is enforced more strictly than PostgREST where PostgREST silently ignores
 * malformed input (see query-grammar.ts).
 *
 * Faults (`server.faults`, fault-controller.ts): `failNext(n, status = 500)` answers the next n
 * requests with that status and a PostgREST-style body (503 → PGRST000, 504 → PGRST003, else
 * XX000); note that supabase-js retries GET/HEAD answered 503 or 520 up to 3 times (after 1s,
 * 2s, 4s) unless the query calls `.retry(false)`. `hangNext(n)` leaves the next n requests
 * unanswered until the client aborts or `close()`. `setLatency(ms)` delays every answer.
 * `reloadSchemaCache({requests, forMs, retryAfterSeconds})` answers `503` PGRST002 with
 * `Retry-After`, as PostgREST does while it reloads its schema cache. Faults apply to every
 * request, before authentication and routing; hangs are consumed before failures, both
 * before a reload, all when the request arrives.
 * Limits a Supabase project has, opt-in: `setMaxRows(n)` (PostgREST's `max-rows`: every answer
 * cut at n rows with a `200`, also when `limit`/Range ask for more) and `setUriLimit(bytes)`
 * (the gateway's `414 URI too long`, plain text, for a longer URL).
 *
 * Every request (including rejected and faulted ones) is appended to `server.requests`
 * with its method, path and percent-decoded query string.
 *
 * Safety: table and column names are checked against the schema cache and always
 * double-quoted, every value is a bind parameter, and every query runs read-only
 * (`default_transaction_read_only=on` on a pool, a read-only transaction on PGlite).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  invalidRangeError,
  invalidResourcePathError,
  invalidTokenError,
  mediaTypeError,
  notImplementedError,
  openApiDisabledError,
  PostgrestError,
  singularityError,
  tableNotFoundError,
  toPostgrestError,
  tokenRequiredError,
  unacceptableSchemaError,
  unsupportedMethodError,
} from './errors';
import { FaultController, type PostgrestFaults } from './fault-controller';

export type { PostgrestFaults } from './fault-controller';
import { parseReadQuery, referencedFields, type ReadQuery } from './query-grammar';
import { createPgPoolExecutor } from './pg-pool-executor';
import { SchemaCache, type TableInfo } from './schema-cache';
import { buildReadStatement, quoteIdent, type ReadResult } from './sql-builder';
import type { SqlExecutor } from './sql-executor';

export type PostgrestServerOptions = PostgrestServerCommonOptions &
  (
    | {
        /** postgres://postgres@127.0.0.1:5432/<db>: the server opens a pool and closes it on close(). */
        connectionString: string;
      }
    | {
        /** Runs the server's queries (e.g. pgliteExecutor(db)); its owner closes what it holds. */
        executor: SqlExecutor;
      }
  );

interface PostgrestServerCommonOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** The exposed schema; default 'public'. */
  schema?: string;
  /** Requests must carry `apikey: <serviceKey>` and/or `Authorization: Bearer <serviceKey>`. */
  serviceKey: string;
}

export interface PostgrestServer {
  /** e.g. http://127.0.0.1:54321 -> use as SUPABASE_URL (server serves under /rest/v1/) */
  url: string;
  faults: PostgrestFaults;
  /** log for assertions; `query` is percent-decoded, without the leading '?' */
  requests: Array<{ method: string; path: string; query: string; prefer?: string }>;
  /** also ends hung sockets and the pg pool it opened */
  close(): Promise<void>;
}

const REST_PREFIX = '/rest/v1';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

interface Media {
  single: boolean;
  stripNulls: boolean;
  contentType: string;
}

/** Picks the response media type from Accept the way PostgREST does (first by q-value). */
function negotiateMedia(accept: string | undefined): Media {
  const array: Media = { single: false, stripNulls: false, contentType: JSON_CONTENT_TYPE };
  if (accept === undefined || accept.trim() === '') return array;
  const entries = accept
    .split(',')
    .map((raw, index) => {
      const [type = '', ...parameters] = raw.split(';').map((part) => part.trim());
      const params = new Map(
        parameters.map((p) => {
          const eq = p.indexOf('=');
          return eq === -1
            ? ([p.toLowerCase(), ''] as const)
            : ([p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim()] as const);
        }),
      );
      const q = params.has('q') ? Number(params.get('q')) : 1;
      return { type: type.toLowerCase(), params, q: Number.isNaN(q) ? 0 : q, index };
    })
    .filter((entry) => entry.type !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type, params } of entries) {
    const stripNulls = params.get('nulls') === 'stripped';
    const suffix = stripNulls ? ';nulls=stripped' : '';
    switch (type) {
      case '*/*':
      case 'application/*':
      case 'application/json':
        return array;
      case 'application/vnd.pgrst.array+json':
        return {
          single: false,
          stripNulls,
          contentType: `application/vnd.pgrst.array+json${suffix}; charset=utf-8`,
        };
      case 'application/vnd.pgrst.object+json':
        return {
          single: true,
          stripNulls,
          contentType: `application/vnd.pgrst.object+json${suffix}; charset=utf-8`,
        };
      case 'text/csv':
      case 'application/geo+json':
      case 'application/vnd.pgrst.plan':
      case 'application/vnd.pgrst.plan+json':
      case 'application/vnd.pgrst.plan+text':
        throw notImplementedError(`The media type ${type}`);
      default:
    }
  }
  throw mediaTypeError(entries.length > 0 ? entries.map((e) => e.type) : [accept]);
}

/** PostgREST's top-level range: limit/offset intersected with the Range header. */
function topLevelRange(
  query: ReadQuery,
  rangeHeader: string | undefined,
): { lower: number; upper: number } {
  if (query.limit !== undefined && query.limit < 0) {
    throw invalidRangeError('Limit should be greater than or equal to zero.');
  }
  if (query.limit === 0) return { lower: 0, upper: -1 };
  let lower = query.offset ?? 0;
  let upper = query.limit === undefined ? Infinity : lower + query.limit - 1;
  const range = rangeHeader === undefined ? null : /^(\d+)-(\d*)$/.exec(rangeHeader.trim());
  if (range) {
    const headerLower = Number(range[1]);
    const headerUpper = range[2] === '' ? Infinity : Number(range[2]);
    if (headerLower > headerUpper) {
      throw invalidRangeError(
        'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
      );
    }
    lower = Math.max(lower, headerLower);
    upper = Math.min(upper, headerUpper);
  }
  return { lower, upper: Math.max(upper, lower - 1) };
}

/** PostgREST's `max-rows`: the range shrunk to at most `maxRows` rows from its lower bound. */
function capRows(
  range: { lower: number; upper: number },
  maxRows: number | undefined,
): { lower: number; upper: number } {
  if (maxRows === undefined) return range;
  return { lower: range.lower, upper: Math.min(range.upper, range.lower + maxRows - 1) };
}

/** The `count=...` preference, if any (all three are answered with an exact count). */
function countPreference(prefer: string | undefined): string | undefined {
  return (prefer ?? '')
    .split(',')
    .map((p) => p.trim())
    .find((p) => /^count=(exact|planned|estimated)$/.test(p));
}

function decodeQuery(url: URL): string {
  return [...url.searchParams].map(([key, value]) => `${key}=${value}`).join('&');
}

/** The server closes only what it opened: a caller's executor stays the caller's. */
function connect(options: PostgrestServerOptions): {
  db: SqlExecutor;
  closeDb: () => Promise<void>;
} {
  if ('executor' in options) return { db: options.executor, closeDb: () => Promise.resolve() };
  const pool = createPgPoolExecutor(options.connectionString);
  return { db: pool, closeDb: () => pool.close() };
}

export async function startPostgrestServer(
  options: PostgrestServerOptions,
): Promise<PostgrestServer> {
  const schema = options.schema ?? 'public';
  const { db, closeDb } = connect(options);
  const cache = new SchemaCache(db, schema);
  try {
    await cache.reload();
  } catch (error) {
    await closeDb();
    throw error;
  }

  const faults = new FaultController();
  const requests: PostgrestServer['requests'] = [];
  const hung = new Set<ServerResponse>();
  const inflight = new Set<Promise<void>>();
  const closing = new AbortController();

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): void {
    if (res.headersSent || res.destroyed) return;
    const head = req.method === 'HEAD';
    res.writeHead(
      status,
      head ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    );
    res.end(head ? undefined : body);
  }

  function sendError(req: IncomingMessage, res: ServerResponse, error: PostgrestError): void {
    send(
      req,
      res,
      error.status,
      {
        'Content-Type': JSON_CONTENT_TYPE,
        'Proxy-Status': `PostgREST; error=${error.code}`,
        ...error.headers,
      },
      JSON.stringify(error),
    );
  }

  function authenticate(req: IncomingMessage): void {
    const credentials: string[] = [];
    const apikey = header(req, 'apikey');
    if (apikey !== undefined) credentials.push(apikey);
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(.*)$/i.exec(authorization.trim());
      credentials.push(bearer ? bearer[1].trim() : authorization);
    }
    if (credentials.length === 0) throw tokenRequiredError();
    if (credentials.some((credential) => credential !== options.serviceKey)) {
      throw invalidTokenError();
    }
  }

  /** Checks every referenced column; an unknown one gets PostgreSQL's own 42703 error. */
  async function checkColumns(table: TableInfo, query: ReadQuery): Promise<void> {
    const fields = referencedFields(query);
    if (fields.some((field) => field.jsonPath.length > 0)) {
      throw notImplementedError('Filtering, selecting or ordering by a JSON path (->, ->>)');
    }
    const firstUnknown = (info: TableInfo): string | undefined =>
      fields.find((field) => !info.columns.includes(field.name))?.name;
    if (firstUnknown(table) === undefined) return;
    await cache.reload();
    const current = (await cache.table(table.name)) ?? table;
    const unknown = firstUnknown(current);
    if (unknown === undefined) return;
    const source = `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
    // Let PostgreSQL word the error (message and "Perhaps you meant" hint), as PostgREST does.
    await db.query(`SELECT ${source}.${quoteIdent(unknown)} FROM ${source} LIMIT 0`);
    throw new PostgrestError(400, '42703', `column ${table.name}.${unknown} does not exist`);
  }

  /** Spells each select cast as PostgreSQL's format_type() does (never the raw input). */
  async function resolveCasts(query: ReadQuery): Promise<Map<string, string>> {
    const casts = new Map<string, string>();
    for (const item of query.select) {
      if (item.kind !== 'field' || item.cast === undefined || casts.has(item.cast)) continue;
      const cast = item.cast;
      let type: string | null = null;
      if (/^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z_][A-Za-z0-9_]*)*$/.test(cast)) {
        const rows = await db
          .query<{ type: string | null }>('SELECT format_type(to_regtype($1), NULL) AS type', [
            cast,
          ])
          .catch(() => [{ type: null }]);
        type = rows[0]?.type ?? null;
      }
      if (type === null) throw new PostgrestError(400, '42704', `type "${cast}" does not exist`);
      casts.set(cast, type);
    }
    return casts;
  }

  async function read(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    url: URL,
  ): Promise<void> {
    const profile = header(req, 'accept-profile');
    if (profile !== undefined && profile !== schema) throw unacceptableSchemaError(profile, schema);
    const query = parseReadQuery(url.searchParams);
    const media = negotiateMedia(header(req, 'accept'));
    const range = capRows(topLevelRange(query, header(req, 'range')), faults.maxRows);
    const countPreferred = countPreference(header(req, 'prefer'));
    const count = countPreferred !== undefined;
    const table = await cache.table(name);
    if (!table) throw tableNotFoundError(schema, name, cache.tableHint(name));
    await checkColumns(table, query);
    const statement = buildReadStatement({
      schema,
      table: table.name,
      query,
      casts: await resolveCasts(query),
      offset: range.lower,
      limit: range.upper === Infinity ? undefined : range.upper - range.lower + 1,
      count,
      single: media.single,
      stripNulls: media.stripNulls,
    });
    const [result] = await db.query<ReadResult>(statement.text, statement.values);
    if (media.single && result.page_total !== 1) throw singularityError(result.page_total);

    const total = count ? Number(result.total_result_set) : undefined;
    const lower = range.lower;
    const upper = lower + result.page_total - 1;
    const shown = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
    const headers: Record<string, string> = {
      'Content-Range': `${shown}/${total ?? '*'}`,
    };
    if (profile !== undefined) headers['Content-Profile'] = schema;
    if (countPreferred !== undefined) headers['Preference-Applied'] = countPreferred;
    let status = 200;
    if (total !== undefined && lower > total) {
      const error = invalidRangeError(
        `An offset of ${lower} was requested, but there are only ${total} rows.`,
      );
      throw new PostgrestError(416, error.code, error.message, error.details, null, headers);
    }
    if (total !== undefined && 1 + upper - lower < total) status = 206;
    send(req, res, status, { ...headers, 'Content-Type': media.contentType }, result.body);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    authenticate(req);
    const path = url.pathname;
    if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`)) {
      send(
        req,
        res,
        404,
        { 'Content-Type': JSON_CONTENT_TYPE },
        '{"message":"no Route matched with those values"}',
      );
      return;
    }
    const rest = path.slice(REST_PREFIX.length);
    if (rest === '' || rest === '/') throw openApiDisabledError();
    let segments: string[];
    try {
      segments = rest.slice(1).split('/').map(decodeURIComponent);
    } catch {
      throw invalidResourcePathError();
    }
    if (segments.length === 2 && segments[0] === 'rpc') throw notImplementedError('RPC (/rpc/...)');
    if (segments.length !== 1 || segments[0] === '') throw invalidResourcePathError();
    const name = segments[0];
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      await read(req, res, name, url);
      return;
    }
    if (method === 'OPTIONS') {
      if (!(await cache.table(name))) throw tableNotFoundError(schema, name, cache.tableHint(name));
      send(req, res, 200, { Allow: 'OPTIONS,GET,HEAD', 'Access-Control-Allow-Origin': '*' }, '');
      return;
    }
    throw unsupportedMethodError(method);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: decodeQuery(url),
      ...(header(req, 'prefer') ? { prefer: header(req, 'prefer') } : {}),
    });
    req.resume(); // drain any request body
    if (faults.uriLimit !== undefined && Buffer.byteLength(req.url ?? '') > faults.uriLimit) {
      // The gateway in front of PostgREST refuses it: plain text, not PostgREST's JSON.
      send(req, res, 414, { 'Content-Type': 'text/plain' }, 'URI too long');
      return;
    }
    const fault = faults.take();
    if (faults.latencyMs > 0) {
      try {
        await sleep(faults.latencyMs, undefined, { signal: closing.signal });
      } catch {
        return; // closing: the socket is being destroyed
      }
    }
    if (fault?.kind === 'hang') {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    try {
      if (fault?.kind === 'fail') throw fault.error;
      await route(req, res, url);
    } catch (error) {
      sendError(req, res, toPostgrestError(error));
    }
  }

  const server = createServer((req, res) => {
    const task = handle(req, res)
      .catch(() => {
        if (!res.headersSent) res.destroy();
      })
      .finally(() => inflight.delete(task));
    inflight.add(task);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await closeDb();
    throw error;
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    requests,
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const res of hung) res.destroy();
        hung.clear();
        server.closeAllConnections();
        await stopped;
        await Promise.allSettled([...inflight]);
        await closeDb();
      })();
      return closed;
    },
  };
}
