/** The targets of the benchmark issue, checked against a run's medians. */
import { describeLimit } from './budget';
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
    const { comparison, vsReference } = results.lookup;
    if (vsReference) {
      checks.push({
        what: `Lookup, ${comparison.connections} connections: req/s vs pooled route with the same checks`,
        target: '≥ 1.0×',
        measured: ratio(vsReference),
        met: vsReference.median >= 1,
      });
    }
    checks.push({
      what: `Lookup, ${comparison.connections} connections: req/s vs per-request connection`,
      target: '≥ 3×',
      measured: ratio(comparison.ratio),
      met: comparison.ratio.median >= 3,
    });
  }
  const limitText = (rate: { limit: number; windowMs: number }) =>
    `${num(rate.limit)} per ${num(rate.windowMs / 1000)} s`;
  if (results.enrichment) {
    for (const d of results.enrichment.drains) {
      checks.push({
        what: `Enrichment at ${describeLimit({ ...d.rateLimit, latencyMs: d.answerLatencyMs })}: share of the allowed Intercom calls used`,
        target: '≥ 90 %',
        measured: percent(d.budget.share),
        met: d.budget.share.median >= 0.9,
      });
    }
    const tooMany = results.enrichment.drains.reduce((sum, d) => sum + d.doubleTooManyRequests, 0);
    checks.push({
      what: 'Enrichment: 429 answers from Intercom (all limits)',
      target: '0',
      measured: num(tooMany),
      met: tooMany === 0,
    });
  }
  const sync = results.memberSync;
  if (sync && sync.incremental.length > 0) {
    const changed = sync.incremental.filter((i) => i.changed > 0);
    const largest = changed.reduce((a, b) => (b.members > a.members ? b : a), changed[0]);
    const smallest = changed.reduce((a, b) => (b.members < a.members ? b : a), changed[0]);
    if (largest?.callsPerChanged) {
      checks.push({
        what: `Member sync, incremental, ${num(largest.changed)} changed of ${num(largest.members)}: Intercom calls per changed member`,
        target: '≤ 1.1',
        measured: range(largest.callsPerChanged, 2),
        met: largest.callsPerChanged.median <= 1.1,
      });
    }
    if (largest && smallest && largest !== smallest) {
      const outside = (i: typeof largest) => i.mysqlQueries.median - i.mysqlScanQueries.median;
      checks.push({
        what: `Member sync, incremental: MySQL statements outside the scan, ${num(largest.members)} vs ${num(smallest.members)} members`,
        target: 'no more',
        measured: `${num(outside(largest))} vs ${num(outside(smallest))}`,
        met: outside(largest) <= outside(smallest),
      });
    }
  }
  for (const f of sync?.full ?? []) {
    checks.push({
      what: `Member sync, full reconciliation of ${num(f.contacts)} at ${limitText(f.rateLimit)}: share of the allowed calls used`,
      target: '≥ 90 %',
      measured: percent(f.budget.share),
      met: f.budget.share.median >= 0.9,
    });
  }
  if (sync && sync.full.length > 0) {
    const tooMany = sync.full.reduce((sum, f) => sum + f.budget.tooManyRequests, 0);
    checks.push({
      what: 'Member sync, full reconciliation: 429 answers from Intercom (all limits)',
      target: '0',
      measured: num(tooMany),
      met: tooMany === 0,
    });
  }
  return checks;
}
