/** A load round with its CPU accounting, and the reduction of rounds to summaries. */
import type { CpuUse } from './cpu-monitor';
import type { BenchContext } from './context';
import { runLoad, type LoadResult, type LoadSpec } from './load';
import type { LoadSummary } from './results';
import { summarize } from './stats';

export interface MeasuredRound {
  load: LoadResult;
  cpu: CpuUse;
  /** Event-loop utilisation of the service during the round, when it is the target. */
  eventLoop?: number;
}

export async function measuredLoad(
  ctx: BenchContext,
  spec: LoadSpec,
  eventLoop?: () => Promise<number>,
): Promise<MeasuredRound> {
  // Reading it resets the service's event-loop window to this round.
  if (eventLoop) await eventLoop();
  const start = ctx.cpu.snapshot();
  const load = await runLoad(spec);
  const cpu = ctx.cpu.since(start);
  return { load, cpu, eventLoop: eventLoop ? await eventLoop() : undefined };
}

/** `group` names the process under load in the CPU accounting (e.g. 'service'). */
export function summarizeRounds(rounds: readonly MeasuredRound[], group: string): LoadSummary {
  return {
    rps: summarize(rounds.map((r) => r.load.rps)),
    p50Ms: summarize(rounds.map((r) => r.load.p50Ms)),
    p99Ms: summarize(rounds.map((r) => r.load.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.load.errors, 0),
    requests: rounds.reduce((sum, r) => sum + r.load.requests, 0),
    cores: summarize(rounds.map((r) => r.cpu.cores[group] ?? 0)),
    cpuPerRequestUs: summarize(
      rounds.map((r) => ((r.cpu.cores[group] ?? 0) * 1e6) / Math.max(r.load.rps, 1e-9)),
    ),
  };
}

/** One log line: throughput, latency, errors, and who used the CPU. */
export function describeRound(r: MeasuredRound, group: string): string {
  const cores = (name: string) => (r.cpu.cores[name] ?? 0).toFixed(2);
  return (
    `${r.load.rps.toFixed(0)} req/s, p50 ${r.load.p50Ms} ms, p99 ${r.load.p99Ms} ms, errors ${r.load.errors}; ` +
    `cores: ${group} ${cores(group)}, bench ${cores('bench')}, mariadb ${cores('mariadb')}, ` +
    // Only the lookup uses these two; a zero elsewhere is expected.
    `postgrest ${cores('postgrest')}, postgres ${cores('postgres')}, other ${cores('other')}`
  );
}
