/**
 * Exponential backoff with "full jitter" on the upper half: attempt n waits
 * between half and all of min(base·2^(n-1), max), so instances that failed
 * together do not retry together.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
