/**
 * The faults a test can inject into the PostgREST double (`server.faults`), as a real Supabase
 * project shows them (FIELD-NOTES, "Supabase / PostgREST"). Every one is off until asked for.
 */
import { injectedFaultError, PostgrestError } from './errors';

export interface PostgrestFaults {
  /** next N requests answer this HTTP status with a PostgREST-style error body */
  failNext(count: number, status?: number): void;
  /** next N requests never answer (socket held open until close()) */
  hangNext(count: number): void;
  /** add latency in ms to every request */
  setLatency(ms: number): void;
  /**
   * PostgREST reloading its schema cache: `503` with code PGRST002 and `Retry-After:
   * <retryAfterSeconds>` (default 1) for the next `requests` requests and/or for `forMs` from
   * now. With both, a request is refused while either holds.
   */
  reloadSchemaCache(options: {
    requests?: number;
    forMs?: number;
    retryAfterSeconds?: number;
  }): void;
  /**
   * PostgREST's `max-rows` (1,000 on Supabase by default): no answer holds more rows, whatever
   * the limit, offset or Range asked; the page is cut with a `200` (`206` with a count) and a
   * `Content-Range` that says what was sent (`0-999/*`). `undefined`: no cap.
   */
  setMaxRows(rows: number | undefined): void;
  /**
   * The gateway's limit on the request line's URL, in bytes (about 8 KB on Supabase): a longer
   * one is answered `414` with the plain text `URI too long`, before PostgREST sees it.
   * `undefined`: no limit.
   */
  setUriLimit(bytes: number | undefined): void;
  reset(): void;
}

/** What the arriving request meets, before authentication and routing. */
export type Fault = { kind: 'hang' } | { kind: 'fail'; error: PostgrestError };

/** PGRST002: PostgREST cannot answer until its schema cache is loaded again. */
function schemaCacheError(retryAfterSeconds: number): PostgrestError {
  return new PostgrestError(
    503,
    'PGRST002',
    'Could not query the database for the schema cache. Retrying.',
    null,
    null,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
}

function assertLimit(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new RangeError(`${name} must be a positive integer or undefined, got ${value}`);
  }
}

export class FaultController implements PostgrestFaults {
  private failures: number[] = [];
  private hangs = 0;
  private reload = { requests: 0, untilMs: 0, retryAfterSeconds: 1 };
  latencyMs = 0;
  maxRows: number | undefined;
  uriLimit: number | undefined;

  failNext(count: number, status = 500): void {
    assertCount(count);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`failNext status must be an HTTP error status (400-599), got ${status}`);
    }
    for (let i = 0; i < count; i += 1) this.failures.push(status);
  }

  hangNext(count: number): void {
    assertCount(count);
    this.hangs += count;
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be >= 0 ms, got ${ms}`);
    this.latencyMs = ms;
  }

  reloadSchemaCache({
    requests = 0,
    forMs = 0,
    retryAfterSeconds = 1,
  }: {
    requests?: number;
    forMs?: number;
    retryAfterSeconds?: number;
  }): void {
    assertCount(requests);
    assertCount(forMs);
    assertCount(retryAfterSeconds);
    this.reload = { requests, untilMs: Date.now() + forMs, retryAfterSeconds };
  }

  setMaxRows(rows: number | undefined): void {
    assertLimit('max-rows', rows);
    this.maxRows = rows;
  }

  setUriLimit(bytes: number | undefined): void {
    assertLimit('URI limit', bytes);
    this.uriLimit = bytes;
  }

  reset(): void {
    this.failures = [];
    this.hangs = 0;
    this.reload = { requests: 0, untilMs: 0, retryAfterSeconds: 1 };
    this.latencyMs = 0;
    this.maxRows = undefined;
    this.uriLimit = undefined;
  }

  /** The fault the arriving request gets, consuming it: hangs, then failures, then a reload. */
  take(): Fault | undefined {
    if (this.hangs > 0) {
      this.hangs -= 1;
      return { kind: 'hang' };
    }
    const status = this.failures.shift();
    if (status !== undefined) return { kind: 'fail', error: injectedFaultError(status) };
    const reloading = this.reload.requests > 0 || Date.now() < this.reload.untilMs;
    if (!reloading) return undefined;
    if (this.reload.requests > 0) this.reload.requests -= 1;
    return { kind: 'fail', error: schemaCacheError(this.reload.retryAfterSeconds) };
  }
}
