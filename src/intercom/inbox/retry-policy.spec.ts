import { retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('doubles with each attempt', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, top))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('stays between half and all of the ceiling', () => {
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
  });

  it('never exceeds the maximum', () => {
    expect(retryDelayMs(40, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
