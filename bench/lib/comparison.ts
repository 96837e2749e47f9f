/** Reduces alternated rounds (service, optional candidate, baseline) to a Comparison. */
import { summarizeRounds, type MeasuredRound } from './measured-load';
import type { Comparison } from './results';
import { pairRatios, summarize, type Summary } from './stats';

export const SERVICE = 'service';
export const CANDIDATE = 'candidate';
export const BASELINE = 'baseline';

/** req/s of `rounds` over req/s of `reference`, round by round (the rounds were alternated). */
export function rpsRatio(
  rounds: readonly MeasuredRound[],
  reference: readonly MeasuredRound[],
): Summary {
  const rps = (list: readonly MeasuredRound[]) => list.map((r) => r.load.rps);
  return summarize(pairRatios(rps(rounds), rps(reference)));
}

/** `baselineGroup`: the baseline process's name in the CPU accounting. */
export function toComparison(
  connections: number,
  results: Map<string, MeasuredRound[]>,
  baselineGroup: string,
): Comparison {
  const service = results.get(SERVICE) ?? [];
  const baseline = results.get(BASELINE) ?? [];
  const candidate = results.get(CANDIDATE);
  return {
    connections,
    service: summarizeRounds(service, SERVICE),
    candidate: candidate && {
      ...summarizeRounds(candidate, CANDIDATE),
      vsService: rpsRatio(candidate, service),
    },
    baseline: summarizeRounds(baseline, baselineGroup),
    ratio: rpsRatio(service, baseline),
    mariadbCores: summarize(service.map((r) => r.cpu.cores.mariadb ?? 0)),
    serviceEventLoop: summarize(service.map((r) => r.eventLoop ?? Number.NaN)),
  };
}
