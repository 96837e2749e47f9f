import { withTimeout } from '../async/with-timeout';

/**
 * Codes of errors about the connection rather than the statement: the same statement on
 * another connection may well succeed. mysql2 also marks such errors `fatal`.
 * ER_CLIENT_INTERACTION_TIMEOUT (4031) is what MySQL 8.0.24+ sends before closing an idle
 * connection at `wait_timeout`.
 */
const CONNECTION_LOSS_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

/** True when `error` (a driver error, or TypeORM's QueryFailedError around one) lost its connection. */
export function isConnectionLoss(error: unknown): boolean {
  const driverError = (error as { driverError?: unknown } | null)?.driverError ?? error;
  const { code, fatal } = (driverError ?? {}) as { code?: unknown; fatal?: unknown };
  return fatal === true || (typeof code === 'string' && CONNECTION_LOSS_CODES.has(code));
}

/**
 * Runs an idempotent read within `timeoutMs`, and once more when the first try lost its
 * connection (isConnectionLoss) and time is left: the pool has dropped that connection and
 * its idle ones by then (watch-mysql-pool.ts), so the second try runs on a new one. Both
 * tries share the one deadline, so callers keep their bound (the lookup's, docs/reference.md,
 * "HTTP API"); a try that ran out of time is not repeated.
 *
 * @throws TimeoutError when no try answered within `timeoutMs`; else the last try's error.
 */
export async function readRetryingConnectionLoss<T>(
  read: () => Promise<T>,
  timeoutMs: number,
  operation: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  try {
    return await withTimeout(read(), timeoutMs, operation);
  } catch (error) {
    const left = deadline - Date.now();
    if (left <= 0 || !isConnectionLoss(error)) throw error;
    return withTimeout(read(), left, operation);
  }
}
