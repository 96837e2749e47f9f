/** A driver's or PostgREST's error code, when the error (or the one TypeORM wraps) has one. */
function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && own !== '') return own;
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof driver === 'string' && driver !== '' ? driver : undefined;
}

/**
 * Why a dependency did not answer a readiness probe, for the readiness body: the error's class
 * and, in plain words, what happened (`no answer in time`, `unreachable`, or the driver's code
 * such as `refused: ER_ACCESS_DENIED_ERROR` or PostgREST's `PGRST205`). Never the error's own message,
 * which may name hosts, users or SQL.
 */
export function unavailableReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unavailable';
  const code = codeOf(error);
  const text = error.message;
  let what: string;
  if (error.name === 'TimeoutError' || /timed? ?out|TimeoutError|AbortError|aborted/i.test(text)) {
    what = 'no answer in time';
  } else if (code !== undefined && /^[A-Z0-9_]+$/.test(code)) {
    what = `refused: ${code}`;
  } else if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket/i.test(text)) {
    what = 'unreachable';
  } else {
    what = 'failed';
  }
  return `${what} (${error.name})`;
}
