import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage';

describe('FixedWindowThrottlerStorage', () => {
  const TTL = 60_000;
  let storage: FixedWindowThrottlerStorage;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    storage = new FixedWindowThrottlerStorage();
  });
  afterEach(() => jest.useRealTimers());

  const hit = (caller: string, limit = 3) => storage.increment(caller, TTL, limit);

  it('counts `limit` requests per window, then refuses until the window ends', async () => {
    expect(await hit('a')).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    jest.advanceTimersByTime(20_500);
    await hit('a');
    expect(await hit('a')).toMatchObject({ totalHits: 3, isBlocked: false, timeToExpire: 40 });
    // Retry-After is the rest of the window, rounded up: 39.5 s → 40.
    expect(await hit('a')).toEqual({
      totalHits: 4,
      timeToExpire: 40,
      isBlocked: true,
      timeToBlockExpire: 40,
    });
    // Another caller has its own window.
    expect(await hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
    jest.advanceTimersByTime(39_500);
    expect(await hit('a')).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });

  it('says at least 1 second to wait, never 0', async () => {
    await hit('a', 1);
    jest.advanceTimersByTime(TTL - 10);
    expect(await hit('a', 1)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
  });

  it('forgets callers whose window ended, so the storage does not grow with every address', async () => {
    for (let i = 0; i < 100; i++) await hit(`ip:${i}`);
    expect(storage.size).toBe(100);
    jest.advanceTimersByTime(TTL);
    await hit('late');
    expect(storage.size).toBe(1);
  });

  it('costs the same whatever the limit: one counter per caller', async () => {
    for (let i = 0; i < 10_000; i++) await storage.increment('busy', TTL, 1_000_000);
    expect(await storage.increment('busy', TTL, 1_000_000)).toMatchObject({
      totalHits: 10_001,
      isBlocked: false,
    });
    expect(storage.size).toBe(1);
  });
});
