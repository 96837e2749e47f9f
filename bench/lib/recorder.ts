/** Runs a measurement while accounting who used the CPU, and flags a shared machine. */
import type { BenchContext } from './context';
import { num } from './format';
import type { BenchResults } from './results';

/** Cores used by unrelated processes during a measurement above which it is flagged as noisy. */
const NOISY_CORES = 0.25;

export type Measure = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export function recorder(ctx: BenchContext, results: BenchResults): Measure {
  return async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = ctx.cpu.snapshot();
    const result = await work();
    const use = ctx.cpu.since(start);
    results.noise.push({ scenario: name, use });
    const other = use.cores.other ?? 0;
    if (other > NOISY_CORES) {
      const who = use.others.map((o) => `${o.name} ${num(o.cores, 2)}`).join(', ');
      results.notes.push(`${name}: unrelated processes used ${num(other, 2)} cores (${who})`);
    }
    return result;
  };
}
