/** The load table shared by the webhook and lookup sections: service, candidate, baseline. */
import { num, range, ratio } from '../lib/format';
import type { Comparison } from '../lib/results';

export function comparisonRows(
  c: Comparison,
  serviceName: string,
  baselineName: string,
): string[][] {
  const candidate = c.candidate
    ? [
        [
          `candidate (--compare), ${ratio(c.candidate.vsService)} the service`,
          String(c.connections),
          range(c.candidate.rps),
          range(c.candidate.p50Ms),
          range(c.candidate.p99Ms),
          num(c.candidate.errors),
          range(c.candidate.cores, 2),
          range(c.candidate.cpuPerRequestUs),
          '',
        ],
      ]
    : [];
  return [
    ...candidate,
    [
      serviceName,
      String(c.connections),
      range(c.service.rps),
      range(c.service.p50Ms),
      range(c.service.p99Ms),
      num(c.service.errors),
      range(c.service.cores, 2),
      range(c.service.cpuPerRequestUs),
      ratio(c.ratio),
    ],
    [
      baselineName,
      String(c.connections),
      range(c.baseline.rps),
      range(c.baseline.p50Ms),
      range(c.baseline.p99Ms),
      num(c.baseline.errors),
      range(c.baseline.cores, 2),
      range(c.baseline.cpuPerRequestUs),
      '1×',
    ],
  ];
}

export const LOAD_HEADER = [
  'server',
  'connections',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'server CPU (cores)',
  'server CPU per request (µs)',
  'ratio (req/s)',
];
