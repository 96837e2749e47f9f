import { createConnection } from 'mysql2/promise';

/** Where MySQL is and how to log in: what a probe connection needs. */
export interface MysqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** One failed attempt that will be tried again. Holds no password and no stack trace. */
export interface MysqlRetryNotice {
  host: string;
  port: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  nextWaitMs: number;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
  /** The driver's error code (`ECONNREFUSED`, `ETIMEDOUT`, `ER_CON_COUNT_ERROR`…). */
  code: string;
}

export interface MysqlWaitOptions {
  /**
   * Milliseconds during which failed attempts are retried, counted from the
   * first one; 0 tries once. The last attempt may start at the very end and
   * take up to MIN_ATTEMPT_TIMEOUT_MS more.
   */
  budgetMs: number;
  /** Told of each failed attempt that will be retried (not of the last one: that one throws). */
  onRetry?: (notice: MysqlRetryNotice) => void;
  /** Opens and closes one connection, or rejects; a seam for unit tests. */
  connect?: (endpoint: MysqlEndpoint, timeoutMs: number) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** First wait between attempts; each later one doubles, up to MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 5_000;
/** Bounds of one attempt's connect timeout: long enough for a slow handshake, short enough to retry. */
export const MIN_ATTEMPT_TIMEOUT_MS = 2_000;
export const MAX_ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Errors that waiting does not cure: wrong credentials or a missing database.
 * They end the wait at once instead of at the end of the budget.
 */
const PERMANENT_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
]);

/**
 * MySQL could not be reached within the budget, or refused the login. The
 * message names the host and port and the driver's code; never the password.
 */
export class MysqlUnreachableError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    /** The driver's error code of the last attempt. */
    readonly code: string,
    /** The server's own words when it answered (access denied, unknown database), else undefined. */
    readonly serverMessage: string | undefined,
    readonly attempts: number,
    readonly elapsedMs: number,
    /** True when the server answered with an error that retrying cannot fix. */
    readonly permanent: boolean,
  ) {
    super(
      `MySQL at ${host}:${port} ${permanent ? 'refused the connection' : 'is not reachable'} ` +
        `(${serverMessage === undefined ? code : `${code}: ${serverMessage}`})`,
    );
    this.name = 'MysqlUnreachableError';
  }
}

/** Wait before the attempt after `attempt` (1-based): 500 ms, 1 s, 2 s, 4 s, then 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
}

async function connectOnce(endpoint: MysqlEndpoint, timeoutMs: number): Promise<void> {
  // Field by field: mysql2 warns on standard error about any option it does not know.
  const { host, port, user, password, database } = endpoint;
  const connection = await createConnection({
    host,
    port,
    user,
    password,
    database,
    connectTimeout: timeoutMs,
  });
  await connection.end().catch(() => connection.destroy());
}

/** The driver's code, and the server's message when there is one, with the password taken out. */
function describeFailure(
  error: unknown,
  password: string,
): { code: string; serverMessage: string | undefined } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    sqlMessage?: unknown;
  };
  const code =
    typeof fields.code === 'string' && fields.code !== ''
      ? fields.code
      : error instanceof Error
        ? error.name
        : 'UNKNOWN';
  // A server never echoes the password; scrubbing it anyway keeps that true for any driver.
  const serverMessage =
    typeof fields.sqlMessage === 'string'
      ? password === ''
        ? fields.sqlMessage
        : fields.sqlMessage.split(password).join('[redacted]')
      : undefined;
  return { code, serverMessage };
}

/**
 * Resolves once one connection to MySQL has been opened (and closed again),
 * retrying failed attempts with exponential backoff (retryDelayMs) for at
 * most `budgetMs` milliseconds. Each attempt's connect timeout is what is left
 * of the budget, within 2 to 10 s.
 *
 * @returns the number of attempts it took and the milliseconds spent.
 * @throws MysqlUnreachableError when the budget is spent, or at once when the
 *   server refuses the login or the database (nothing to wait for).
 */
export async function waitForMysql(
  endpoint: MysqlEndpoint,
  options: MysqlWaitOptions,
): Promise<{ attempts: number; elapsedMs: number }> {
  const connect = options.connect ?? connectOnce;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + Math.max(0, options.budgetMs);
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(
      MAX_ATTEMPT_TIMEOUT_MS,
      Math.max(MIN_ATTEMPT_TIMEOUT_MS, deadline - now()),
    );
    try {
      await connect(endpoint, timeoutMs);
      return { attempts: attempt, elapsedMs: now() - started };
    } catch (error) {
      const { code, serverMessage } = describeFailure(error, endpoint.password);
      const permanent = PERMANENT_CODES.has(code);
      const left = deadline - now();
      if (permanent || left <= 0) {
        const { host, port } = endpoint;
        const elapsedMs = now() - started;
        throw new MysqlUnreachableError(
          host,
          port,
          code,
          serverMessage,
          attempt,
          elapsedMs,
          permanent,
        );
      }
      const nextWaitMs = Math.min(retryDelayMs(attempt), left);
      options.onRetry?.({
        host: endpoint.host,
        port: endpoint.port,
        attempt,
        nextWaitMs,
        elapsedMs: now() - started,
        code,
      });
      await sleep(nextWaitMs);
    }
  }
}
