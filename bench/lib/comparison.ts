/** Reduces alternated rounds (service, optional candidate, baseline) to a Comparison. */
import { summarizeRounds, type MeasuredRound } from './measured-load';
import type { Comparison } from './results';
import { pairRatios, summarize } from './stats';

export const SERVICE = 'service';
export const CANDIDATE = 'candidate';
export const BASELINE = 'baseline';

/** `baselineGroup`: the baseline process's name in the CPU accounting. */
export function toComparison(
  connections: number,
  results: Map<string, MeasuredRound[]>,
  baselineGroup: string,
): Comparison {
  const service = results.get(SERVICE) ?? [];
  const baseline = results.get(BASELINE) ?? [];
  const candidate = results.get(CANDIDATE);
  const rps = (rounds: readonly MeasuredRound[]) => rounds.map((r) => r.load.rps);
  return {
    connections,
    service: summarizeRounds(service, SERVICE),
    candidate: candidate && {
      ...summarizeRounds(candidate, CANDIDATE),
      vsService: summarize(pairRatios(rps(candidate), rps(service))),
    },
    baseline: summarizeRounds(baseline, baselineGroup),
    ratio: summarize(pairRatios(rps(service), rps(baseline))),
    mariadbCores: summarize(service.map((r) => r.cpu.cores.mariadb ?? 0)),
    serviceEventLoop: summarize(service.map((r) => r.eventLoop ?? Number.NaN)),
  };
}
