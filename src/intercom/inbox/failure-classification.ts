import { IntercomConflictError, IntercomDryRunError, IntercomRequestError } from '../gateway';

/**
 * The outcome of a notification met in Intercom dry run (no INTERCOM_ACCESS_TOKEN): done, not
 * failed; the gateway logged what it would have read or sent.
 */
export const DRY_RUN_OUTCOME = 'dry_run';

/** What to do with a notification whose processing threw. */
export type FailureKind = 'transient' | 'permanent';

function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  // TypeORM wraps driver errors; the driver's code sits on driverError.
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof driver === 'string' ? driver : undefined;
}

/**
 * Permanent: the same request would fail the same way again (Intercom said
 * 4xx, there is no token, or the error says so itself with `permanent: true`,
 * e.g. ContactNotRestorableError), so it goes straight to `failed` for a human.
 * Everything else is transient: network, timeouts, Intercom 429/5xx, a
 * database or Supabase that is down, and errors nobody anticipated, for
 * which a few retries are cheaper than a lost notification.
 */
export function classifyFailure(error: unknown): FailureKind {
  if (
    error instanceof IntercomRequestError ||
    error instanceof IntercomDryRunError ||
    error instanceof IntercomConflictError ||
    (error as { permanent?: unknown } | null)?.permanent === true
  ) {
    return 'permanent';
  }
  return 'transient';
}

/** A short, log-safe description: the error's class and message, never a stack or a payload. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = codeOf(error);
    return `${error.name}${code ? ` ${code}` : ''}: ${error.message}`;
  }
  return String(error);
}
