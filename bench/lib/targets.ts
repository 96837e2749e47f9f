/** The targets of the benchmark issue, checked against a run's medians. */
import { num, percent, range, ratio } from './format';
import type { BenchResults } from './results';

export interface TargetCheck {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const level = (c: number) => results.webhook?.levels.find((l) => l.connections === c);
  const c16 = level(16);
  if (c16) {
    checks.push(
      {
        what: 'Webhook ack, 16 connections: req/s vs bare node:http',
        target: '≥ 0.20×',
        measured: ratio(c16.ratio),
        met: c16.ratio.median >= 0.2,
      },
      {
        what: 'Webhook ack, 16 connections: p99',
        target: '< 20 ms',
        measured: `${range(c16.service.p99Ms)} ms`,
        met: c16.service.p99Ms.median < 20,
      },
    );
  }
  const c64 = level(64);
  if (c64) {
    checks.push({
      what: 'Webhook ack, 64 connections: p99',
      target: '< 60 ms',
      measured: `${range(c64.service.p99Ms)} ms`,
      met: c64.service.p99Ms.median < 60,
    });
  }
  if (results.webhook) {
    const errors = results.webhook.levels.reduce((sum, l) => sum + l.service.errors, 0);
    checks.push({
      what: 'Webhook ack: errors (all levels)',
      target: '0',
      measured: num(errors),
      met: errors === 0,
    });
  }
  if (results.lookup) {
    const { comparison } = results.lookup;
    checks.push({
      what: `Lookup, ${comparison.connections} connections: req/s vs per-request connection`,
      target: '≥ 3×',
      measured: ratio(comparison.ratio),
      met: comparison.ratio.median >= 3,
    });
  }
  if (results.enrichment) {
    const e = results.enrichment;
    checks.push(
      {
        what: 'Enrichment: share of the allowed Intercom calls used',
        target: '≥ 90 %',
        measured: percent(e.utilization),
        met: e.utilization.median >= 0.9,
      },
      {
        what: 'Enrichment: 429 answers from Intercom',
        target: '0',
        measured: num(e.tooManyRequests),
        met: e.tooManyRequests === 0,
      },
    );
  }
  return checks;
}
