/** One bounded autocannon run (loopback only), reduced to the figures the report needs. */
import autocannon from 'autocannon';

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
