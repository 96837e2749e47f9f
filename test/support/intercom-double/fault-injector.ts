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

export type FaultAction = { kind: 'fail'; status: number } | { kind: 'hang' };

interface FaultRule {
  action: FaultAction;
  remaining: number;
  match: FaultMatch;
}

export interface FaultControls {
  failNext(count: number, status: number, match?: FaultMatch): void;
  hangNext(count: number, match?: FaultMatch): void;
  setLatency(ms: number): void;
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

  failNext(count: number, status: number, match: FaultMatch = {}): void {
    assertCount(count);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`failNext needs a 4xx or 5xx status, got ${status}`);
    }
    this.rules.push({ action: { kind: 'fail', status }, remaining: count, match });
  }

  hangNext(count: number, match: FaultMatch = {}): void {
    assertCount(count);
    this.rules.push({ action: { kind: 'hang' }, remaining: count, match });
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`latency must be >= 0, got ${ms}`);
    this.latencyMs = ms;
  }

  /** Drops pending fail/hang rules and the latency (requests already hanging stay hung). */
  reset(): void {
    this.rules = [];
    this.latencyMs = 0;
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
