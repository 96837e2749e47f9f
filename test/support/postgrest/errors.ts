/**
 * PostgREST's error responses: the JSON body `{code, details, hint, message}`, the
 * HTTP status that goes with each code, and the SQLSTATE → HTTP status table PostgREST
 * applies to errors it passes through from PostgreSQL (PostgREST's Error.hs, v12/v13).
 */

export class PostgrestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'PostgrestError';
  }

  /** The response body, keys in the order PostgREST (aeson) writes them. */
  toJSON(): { code: string; details: string | null; hint: string | null; message: string } {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** PGRST100: a query parameter that does not follow the URL grammar. */
export function queryParamError(message: string, details: string): PostgrestError {
  return new PostgrestError(400, 'PGRST100', message, details);
}

/** PGRST103: Range header, limit or offset that cannot be satisfied. */
export function invalidRangeError(details: string): PostgrestError {
  return new PostgrestError(416, 'PGRST103', 'Requested range not satisfiable', details);
}

/** PGRST106: Accept-Profile names a schema that is not exposed. */
export function unacceptableSchemaError(schema: string, exposed: string): PostgrestError {
  return new PostgrestError(
    406,
    'PGRST106',
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${exposed}`,
  );
}

/** PGRST107: nothing in Accept can be produced. */
export function mediaTypeError(accepted: string[]): PostgrestError {
  return new PostgrestError(
    406,
    'PGRST107',
    `None of these media types are available: ${accepted.join(', ')}`,
  );
}

/** PGRST108: a filter/order/limit addresses an embedded resource that is not embedded. */
export function notEmbeddedError(resource: string): PostgrestError {
  return new PostgrestError(
    400,
    'PGRST108',
    `'${resource}' is not an embedded resource in this request`,
    null,
    `Verify that '${resource}' is included in the 'select' query parameter.`,
  );
}

/** PGRST116: `Accept: application/vnd.pgrst.object+json` but not exactly one row. */
export function singularityError(rows: number): PostgrestError {
  return new PostgrestError(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${rows} rows`,
  );
}

/** PGRST117: an HTTP method this server does not serve (it is read-only). */
export function unsupportedMethodError(method: string): PostgrestError {
  return new PostgrestError(
    405,
    'PGRST117',
    `Unsupported HTTP method: ${method}`,
    'The PostgREST test server is read-only: it implements GET, HEAD and OPTIONS on tables and views.',
    null,
    { Allow: 'OPTIONS,GET,HEAD' },
  );
}

/** PGRST125: a URL path that names no resource. */
export function invalidResourcePathError(): PostgrestError {
  return new PostgrestError(404, 'PGRST125', 'Invalid path specified in request URL');
}

/** PGRST126: the root (OpenAPI) endpoint, which this server does not serve. */
export function openApiDisabledError(): PostgrestError {
  return new PostgrestError(404, 'PGRST126', 'Root endpoint metadata is disabled');
}

/** PGRST127: valid PostgREST syntax for a feature the test server does not implement. */
export function notImplementedError(feature: string): PostgrestError {
  return new PostgrestError(
    400,
    'PGRST127',
    'Feature not implemented',
    `${feature} is not implemented by the PostgREST test server`,
  );
}

/** PGRST205: the table is not in the schema cache. */
export function tableNotFoundError(
  schema: string,
  table: string,
  hint: string | null,
): PostgrestError {
  return new PostgrestError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${table}' in the schema cache`,
    null,
    hint,
  );
}

/** PGRST302: no credentials at all. */
export function tokenRequiredError(): PostgrestError {
  return new PostgrestError(
    401,
    'PGRST302',
    'Anonymous access is disabled',
    null,
    'No `apikey` request header or `Authorization: Bearer` token was found.',
    { 'WWW-Authenticate': 'Bearer' },
  );
}

/** PGRST301: a credential that is not the service key. */
export function invalidTokenError(): PostgrestError {
  const message = 'JWT cryptographic operation failed';
  return new PostgrestError(
    401,
    'PGRST301',
    message,
    null,
    'The apikey / Bearer token does not match the service key of the PostgREST test server.',
    { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` },
  );
}

/** A failure injected with `faults.failNext(count, status)`. */
export function injectedFaultError(status: number): PostgrestError {
  const details = 'Injected by PostgrestFaults.failNext()';
  if (status === 503) {
    return new PostgrestError(
      503,
      'PGRST000',
      'Database connection error. Retrying the connection.',
      details,
    );
  }
  if (status === 504) {
    return new PostgrestError(
      504,
      'PGRST003',
      'Timed out acquiring connection from connection pool.',
      details,
    );
  }
  return new PostgrestError(status, 'XX000', `Injected fault (HTTP ${status})`, details);
}

/** PostgREST's mapping of a PostgreSQL SQLSTATE to an HTTP status (Error.hs, mapSQLtoHTTP). */
export function httpStatusForSqlState(code: string, message: string): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    '42501': 403,
  };
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '22023') return /^role .*does not exist$/.test(message) ? 401 : 400;
  if (exact[code] !== undefined) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

/** An error PostgreSQL reported, as pg and PGlite both raise it. */
interface PostgresError extends Error {
  code: string;
  severity: string;
  detail?: string;
  hint?: string;
}

/** By shape, not class: each driver has its own, and PGlite's may come from another realm (Jest). */
function isPostgresError(error: unknown): error is PostgresError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<PostgresError>;
  return (
    typeof candidate.message === 'string' &&
    typeof candidate.severity === 'string' &&
    typeof candidate.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(candidate.code)
  );
}

/** Turns anything thrown while answering into the PostgREST error to send. */
export function toPostgrestError(error: unknown): PostgrestError {
  if (error instanceof PostgrestError) return error;
  if (isPostgresError(error)) {
    return new PostgrestError(
      httpStatusForSqlState(error.code, error.message),
      error.code,
      error.message,
      error.detail ?? null,
      error.hint ?? null,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // A socket-level failure talking to PostgreSQL (ECONNREFUSED, ECONNRESET, ...).
    return new PostgrestError(
      503,
      'PGRST000',
      'Database connection error. Retrying the connection.',
      message,
    );
  }
  return new PostgrestError(500, 'PGRSTX00', message);
}
