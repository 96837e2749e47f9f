/** Bounded autocannon loads (loopback only), reduced to the figures the report needs. */
import autocannon from 'autocannon';
import type { BenchContext } from './context';
import { log } from './log';
import { alternate } from './rounds';
import { pairRatios, summarize, type Summary } from './stats';

export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  /** Upper bound in time. */
  durationSec: number;
  /** Upper bound in requests. */
  maxRequests: number;
  headers?: Record<string, string>;
  /** Called for every request: a fresh body and the headers that go with it. */
  nextRequest: () => { body: string; headers?: Record<string, string> };
}

export interface LoadResult {
  /** Successful (2xx) answers per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
  durationSec: number;
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(spec.url)) {
    throw new Error(`refusing to load anything but loopback: ${spec.url}`);
  }
  const baseHeaders = { 'content-type': 'application/json', ...spec.headers };
  return new Promise<LoadResult>((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSec,
        maxOverallRequests: Math.max(spec.maxRequests, spec.connections),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: spec.path,
            setupRequest: (request) => {
              const next = spec.nextRequest();
              return {
                ...request,
                body: next.body,
                headers: { ...baseHeaders, ...next.headers },
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          rps: result['2xx'] / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          requests: result.requests.total,
          durationSec: result.duration,
        });
      },
    );
  });
}

/** One server measured against the others: its name, where it listens, what to do before each round. */
export interface Contestant {
  name: string;
  url: string;
  beforeRound?: () => Promise<void>;
}

/**
 * Warm-up, then rounds in which every contestant takes its turn under the same
 * load (lib/rounds.ts alternates the order): answers each one's measured rounds.
 */
export async function loadRounds(
  ctx: BenchContext,
  contestants: readonly Contestant[],
  spec: (url: string) => Omit<LoadSpec, 'url' | 'connections' | 'durationSec' | 'maxRequests'>,
): Promise<Map<string, LoadResult[]>> {
  const { http, warmups, rounds } = ctx.config;
  return alternate<LoadResult>(
    contestants.map((c) => ({
      name: c.name,
      run: async (_round, warmup) => {
        await c.beforeRound?.();
        const result = await runLoad({
          ...spec(c.url),
          url: c.url,
          connections: http.connections,
          durationSec: warmup ? http.warmupSec : http.roundSec,
          maxRequests: http.maxRequests,
        });
        log(
          `  ${c.name}${warmup ? ' (warm-up)' : ''}: ${result.rps.toFixed(0)} req/s, ` +
            `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}`,
        );
        return result;
      },
    })),
    { warmups, rounds },
  );
}

/** Requests per second of `a` over `b`'s, round by round (the rounds were alternated). */
export function rpsRatio(results: Map<string, LoadResult[]>, a: string, b: string): Summary {
  const rps = (name: string) => (results.get(name) ?? []).map((r) => r.rps);
  return summarize(pairRatios(rps(a), rps(b)));
}

/** One figure of one contestant's rounds. */
export function ofRounds(
  results: Map<string, LoadResult[]>,
  name: string,
  pick: (r: LoadResult) => number,
): Summary {
  return summarize((results.get(name) ?? []).map(pick));
}

/** The sum of one figure over a contestant's rounds, as a one-value summary. */
export function totalOf(
  results: Map<string, LoadResult[]>,
  name: string,
  pick: (r: LoadResult) => number,
): Summary {
  return summarize([(results.get(name) ?? []).reduce((sum, r) => sum + pick(r), 0)]);
}
