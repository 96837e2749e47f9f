/**
 * Scripted failures: the next N matching requests fail with a status or are never
 * answered, plus a fixed latency on every answer. Rules are consumed in the order they
 * were added; a request uses the first rule that matches it and still has a count left.
 */
export interface FaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /** The request path must start with this, e.g. '/contacts/search'. */
  pathPrefix?: string;
}

/**
 * The X-RateLimit-* headers of an injected failure:
 *  - 'window' (default): the current window's, as on every answer (a 429 says Remaining 0);
 *  - 'none': no X-RateLimit-* header at all, as some of Intercom's 429s;
 *  - 'reset-in-past': X-RateLimit-Reset 60 s in the past (a 429 still says Remaining 0),
 *    as when Intercom's clock and the caller's differ.
 * FIELD-NOTES, "Rate limits": a 429 carries code `rate_limit_exceeded`, no `Retry-After`,
 * and sometimes no X-RateLimit-* headers at all; Reset can lie in the past.
 */
export type RateHeaderMode = 'window' | 'none' | 'reset-in-past';

export interface FailOptions {
  rateHeaders?: RateHeaderMode;
}

export type FaultAction =
  { kind: 'fail'; status: number; rateHeaders: RateHeaderMode } | { kind: 'hang' };

interface FaultRule {
  action: FaultAction;
  remaining: number;
  match: FaultMatch;
}

const RATE_HEADER_MODES: readonly RateHeaderMode[] = ['window', 'none', 'reset-in-past'];

/** The statuses of a refused token: revoked or wrong (401), or a scope missing (403). */
export type TokenRefusalStatus = 401 | 403;

export interface RevokeOptions {
  /** 401 (default): `unauthorized` "Access Token Invalid"; 403: `forbidden`. */
  status?: TokenRefusalStatus;
  /** Restores the token by itself after this many ms; default: until restoreToken(). */
  forMs?: number;
}

export interface FaultControls {
  /**
   * Token revoked: from now on every call answers `status` (default 401) with Intercom's error
   * list and no X-RateLimit-* headers, whatever other fault is scripted, until restoreToken()
   * or `forMs` elapses (FIELD-NOTES, "Authorization"). Such calls are recorded with `revoked`.
   */
  revokeToken(options?: RevokeOptions): void;
  /** The token works again. */
  restoreToken(): void;
  /**
   * The next `count` matching requests answer `status` with Intercom's error body (a 429:
   * `rate_limit_exceeded`, never a Retry-After); `options.rateHeaders` picks their
   * X-RateLimit-* headers.
   */
  failNext(count: number, status: number, match?: FaultMatch, options?: FailOptions): void;
  hangNext(count: number, match?: FaultMatch): void;
  setLatency(ms: number): void;
  /** Drops pending fail/hang rules, the latency and a revocation. */
  reset(): void;
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`count must be a positive integer, got ${count}`);
  }
}

export class FaultInjector implements FaultControls {
  private rules: FaultRule[] = [];
  private latencyMs = 0;
  private revocation: { status: TokenRefusalStatus; untilMs: number } | undefined;

  revokeToken(options: RevokeOptions = {}): void {
    const status = options.status ?? 401;
    if (status !== 401 && status !== 403) {
      throw new Error(`revokeToken needs status 401 or 403, got ${String(status)}`);
    }
    const forMs = options.forMs ?? Number.POSITIVE_INFINITY;
    if (!(forMs > 0)) throw new Error(`forMs must be > 0, got ${forMs}`);
    this.revocation = { status, untilMs: Date.now() + forMs };
  }

  restoreToken(): void {
    this.revocation = undefined;
  }

  /** The status every call answers now because the token is revoked, if it is. */
  revokedStatus(): TokenRefusalStatus | undefined {
    if (this.revocation && Date.now() >= this.revocation.untilMs) this.revocation = undefined;
    return this.revocation?.status;
  }

  failNext(count: number, status: number, match: FaultMatch = {}, options: FailOptions = {}): void {
    assertCount(count);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`failNext needs a 4xx or 5xx status, got ${status}`);
    }
    const rateHeaders = options.rateHeaders ?? 'window';
    if (!RATE_HEADER_MODES.includes(rateHeaders)) {
      throw new Error(
        `rateHeaders must be one of ${RATE_HEADER_MODES.join(', ')}, got ${rateHeaders}`,
      );
    }
    this.rules.push({ action: { kind: 'fail', status, rateHeaders }, remaining: count, match });
  }

  hangNext(count: number, match: FaultMatch = {}): void {
    assertCount(count);
    this.rules.push({ action: { kind: 'hang' }, remaining: count, match });
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`latency must be >= 0, got ${ms}`);
    this.latencyMs = ms;
  }

  /** Drops pending fail/hang rules, the latency and a revocation (requests already hanging stay hung). */
  reset(): void {
    this.rules = [];
    this.latencyMs = 0;
    this.revocation = undefined;
  }

  get latency(): number {
    return this.latencyMs;
  }

  /** The fault for this request, if any; consumes one count of the matching rule. */
  take(method: string, path: string): FaultAction | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.match.method === undefined || r.match.method.toUpperCase() === method.toUpperCase()) &&
        (r.match.pathPrefix === undefined || path.startsWith(r.match.pathPrefix)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.action;
  }
}
