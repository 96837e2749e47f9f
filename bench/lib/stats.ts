/** The median and range of one measurement over its rounds. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured. */
  values: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    values: [...values],
  };
}

/** Nearest-rank percentile (p in 0..100) of raw samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Round by round quotients a[i] / b[i] of two series measured in alternation. */
export function pairRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  const count = Math.min(numerators.length, denominators.length);
  return Array.from({ length: count }, (_, i) => numerators[i] / denominators[i]);
}
