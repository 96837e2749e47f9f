import { InboxState } from '../intercom/inbox/inbox-notification';
import { InboxStatsCache, type InboxStats } from './inbox-stats.cache';

const stats = (pending: number): InboxStats => ({
  counts: {
    [InboxState.Pending]: pending,
    [InboxState.Processing]: 0,
    [InboxState.Done]: 0,
    [InboxState.Failed]: 0,
  },
  oldestPendingAgeSeconds: 0,
});

describe('InboxStatsCache', () => {
  let now: number;
  let loads: number;
  let next: () => Promise<InboxStats>;
  let cache: InboxStatsCache;

  beforeEach(() => {
    now = 1_000;
    loads = 0;
    next = () => Promise.resolve(stats(loads));
    cache = new InboxStatsCache(
      () => {
        loads += 1;
        return next();
      },
      5_000,
      () => now,
    );
  });

  it('reads once per window', async () => {
    await expect(cache.get()).resolves.toEqual(stats(1));
    now += 4_999;
    await expect(cache.get()).resolves.toEqual(stats(1));
    expect(loads).toBe(1);
    now += 1;
    await expect(cache.get()).resolves.toEqual(stats(2));
    expect(loads).toBe(2);
  });

  it('shares one read between concurrent scrapes', async () => {
    let release: (value: InboxStats) => void = () => undefined;
    next = () => new Promise((resolve) => (release = resolve));
    const both = Promise.all([cache.get(), cache.get()]);
    release(stats(7));
    await expect(both).resolves.toEqual([stats(7), stats(7)]);
    expect(loads).toBe(1);
  });

  it('does not remember a failed read', async () => {
    next = () => Promise.reject(new Error('MySQL down'));
    await expect(cache.get()).rejects.toThrow('MySQL down');
    next = () => Promise.resolve(stats(3));
    await expect(cache.get()).resolves.toEqual(stats(3));
    expect(loads).toBe(2);
  });
});
