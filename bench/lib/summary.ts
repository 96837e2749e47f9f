/** The summary printed at the end of a run. */
import { describeLimit } from './budget';
import { num, percent, range, ratio } from './format';
import type { BenchResults } from './results';
import { checkTargets } from './targets';

export function printSummary(results: BenchResults, reportFile: string): void {
  const lines: string[] = [
    '',
    `Benchmark summary (${results.mode}, ${num(results.durationSec)} s)`,
  ];
  for (const level of results.webhook?.levels ?? []) {
    lines.push(
      `  webhook c=${level.connections}: ${range(level.service.rps)} req/s, p99 ${range(level.service.p99Ms)} ms, ` +
        `${range(level.service.cpuPerRequestUs)} µs CPU/req` +
        ` | node:http ${range(level.baseline.rps)} req/s | ratio ${ratio(level.ratio)}`,
    );
  }
  for (const c of [
    ...(results.webhook?.levels ?? []),
    ...(results.lookup ? [results.lookup.comparison] : []),
  ]) {
    if (!c.candidate) continue;
    lines.push(
      `  candidate c=${c.connections}: ${range(c.candidate.rps)} req/s (${ratio(c.candidate.vsService)} the service), ` +
        `${range(c.candidate.cpuPerRequestUs)} µs CPU/req vs ${range(c.service.cpuPerRequestUs)}, p99 ${range(c.candidate.p99Ms)} ms`,
    );
  }
  if (results.lookup) {
    const c = results.lookup.comparison;
    lines.push(
      `  lookup c=${c.connections}: ${range(c.service.rps)} req/s, p99 ${range(c.service.p99Ms)} ms` +
        ` | per-request connection ${range(c.baseline.rps)} req/s, p99 ${range(c.baseline.p99Ms)} ms | ratio ${ratio(c.ratio)}`,
    );
    const r = results.lookup.reference;
    const vsReference = results.lookup.vsReference;
    lines.push(
      `  lookup pooled reference (same checks): ${range(r.rps)} req/s, ${ratio(r.vsBaseline)} the per-request connection` +
        (vsReference ? `; service ${ratio(vsReference)} the reference` : '') +
        ` (CPU per request: service ${range(c.service.cpuPerRequestUs)} µs, reference ${range(r.cpuPerRequestUs)} µs,` +
        ` per-request connection ${range(c.baseline.cpuPerRequestUs)} µs)`,
    );
  }
  if (results.enrichment) {
    const e = results.enrichment;
    for (const d of e.drains) {
      lines.push(
        `  enrichment at ${describeLimit({ ...d.rateLimit, latencyMs: d.answerLatencyMs })}: drain ${range(d.drainSec, 2)} s, ` +
          `${range(d.budget.windows)} windows (perfect ${range(d.budget.perfectWindows)}), ` +
          `${percent(d.budget.share)} of allowed calls, 429: ${d.doubleTooManyRequests}`,
      );
    }
    const u = e.unlimited;
    lines.push(
      `  enrichment without a limit (reference): ${u.calls} calls in ${num(u.workSec, 1)} s (${num(u.callsPerSecond)} per s)`,
    );
    lines.push(
      `  enrichment latency: ack→update p50 ${range(e.latency.p50Ms, 1)} ms p99 ${range(e.latency.p99Ms, 1)} ms`,
    );
  }
  for (const i of results.memberSync?.incremental ?? []) {
    lines.push(
      `  member sync, ${i.members} members, ${i.changed} changed: ${range(i.intercomCalls)} Intercom calls` +
        (i.callsPerChanged ? ` (${range(i.callsPerChanged, 2)} per changed member)` : '') +
        `, MySQL ${range(i.mysqlQueries)} (scan ${range(i.mysqlScanQueries)}), Supabase ${range(i.supabaseRequests)}`,
    );
  }
  for (const f of results.memberSync?.full ?? []) {
    lines.push(
      `  member sync, full ${f.contacts} at ${f.rateLimit.limit}/${f.rateLimit.windowMs / 1000} s: ${range(f.workSec, 1)} s, ` +
        `${range(f.budget.windows)} windows (perfect ${range(f.budget.perfectWindows)}), ` +
        `${percent(f.budget.share)} of allowed calls, 429: ${f.budget.tooManyRequests}`,
    );
  }
  const fu = results.memberSync?.fullUnlimited;
  if (fu) {
    lines.push(
      `  member sync, full ${fu.size} without a limit (reference): ${fu.calls} calls in ${num(fu.workSec, 1)} s (${num(fu.callsPerSecond)} per s)`,
    );
  }
  if (results.footprint) {
    const f = results.footprint;
    lines.push(
      `  footprint: start-up ${range(f.startupMs)} ms, RSS after start ${range(f.rssAfterStartMb, 1)} MiB` +
        (f.rssAfterLoadMb !== undefined ? `, after load ${num(f.rssAfterLoadMb, 1)} MiB` : ''),
    );
  }
  lines.push('', 'Targets:');
  for (const t of checkTargets(results)) {
    lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.what}: ${t.measured} (target ${t.target})`);
  }
  for (const note of results.notes) lines.push(`  note: ${note}`);
  lines.push('', `Report: ${reportFile}`);
  console.log(lines.join('\n'));
}
