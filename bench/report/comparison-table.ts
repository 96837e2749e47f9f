/** The load table shared by the webhook and lookup sections: service, candidate, baselines. */
import { num, range, ratio } from '../lib/format';
import type { Comparison, LoadSummary } from '../lib/results';

/** One server's row; `ratioText` fills the last column. */
export function loadRow(
  name: string,
  connections: number,
  s: LoadSummary,
  ratioText: string,
): string[] {
  return [
    name,
    String(connections),
    range(s.rps),
    range(s.p50Ms),
    range(s.p99Ms),
    num(s.errors),
    range(s.cores, 2),
    range(s.cpuPerRequestUs),
    ratioText,
  ];
}

export function comparisonRows(
  c: Comparison,
  serviceName: string,
  baselineName: string,
): string[][] {
  const candidate = c.candidate
    ? [
        loadRow(
          `candidate (--compare), ${ratio(c.candidate.vsService)} the service`,
          c.connections,
          c.candidate,
          '',
        ),
      ]
    : [];
  return [
    ...candidate,
    loadRow(serviceName, c.connections, c.service, ratio(c.ratio)),
    loadRow(baselineName, c.connections, c.baseline, '1×'),
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
