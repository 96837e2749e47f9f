/**
 * Warm-up, then rounds in which the contenders take turns (A B A B …), so
 * that slow drifts of a shared machine hit both sides alike.
 */
export interface Contender<T> {
  name: string;
  run: (round: number, warmup: boolean) => Promise<T>;
}

export async function alternate<T>(
  contenders: ReadonlyArray<Contender<T>>,
  options: { warmups: number; rounds: number },
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(contenders.map((c) => [c.name, []]));
  for (let w = 0; w < options.warmups; w++) {
    for (const contender of contenders) await contender.run(-1 - w, true);
  }
  for (let round = 0; round < options.rounds; round++) {
    // Who goes first alternates too.
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      results.get(contender.name)?.push(await contender.run(round, false));
    }
  }
  return results;
}
