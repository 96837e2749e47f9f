import { RateLimiter, type Clock } from './rate-limiter';

/** A clock that only moves when sleepers are woken by advance(). */
class FakeClock implements Clock {
  private time = 1_000_000;
  private sleepers: Array<{ until: number; wake: () => void }> = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.sleepers.push({ until: this.time + ms, wake: resolve }));
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flush();
      const next = this.sleepers
        .filter((s) => s.until <= target)
        .sort((a, b) => a.until - b.until)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.until);
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.wake();
    }
    this.time = target;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('RateLimiter', () => {
  it('lets `limit` calls through at once, then waits a full window after the first answer', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(3, 1000, clock);
    const slots = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(slots.map((s) => s.waitedMs)).toEqual([0, 0, 0]);

    let fourth = false;
    const pending = limiter.acquire().then((slot) => {
      fourth = true;
      return slot;
    });
    await clock.advance(200);
    slots[0].release(); // answered at +200 ms
    await clock.advance(999);
    expect(fourth).toBe(false);
    await clock.advance(2);
    expect(fourth).toBe(true);
    expect((await pending).waitedMs).toBe(1200);
  });

  it('never lets more than `limit` calls start within any window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(5, 1000, clock);
    const starts: number[] = [];
    const calls = Array.from({ length: 23 }, async () => {
      const slot = await limiter.acquire();
      starts.push(clock.now());
      await clock.sleep(37);
      slot.release();
    });
    for (let i = 0; i < 200; i++) await clock.advance(50);
    await Promise.all(calls);
    expect(starts).toHaveLength(23);
    for (const start of starts) {
      expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(5);
    }
  });

  it('holds every caller while Intercom says the window is spent', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(100, 1000, clock);
    limiter.pauseUntil(clock.now() + 3000);
    let through = false;
    const pending = limiter.acquire().then(() => (through = true));
    await clock.advance(2999);
    expect(through).toBe(false);
    await clock.advance(1);
    await pending;
    expect(through).toBe(true);
  });

  it('counts releases once', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(2, 1000, clock);
    const slot = await limiter.acquire();
    slot.release();
    slot.release();
    expect(limiter.available()).toBe(1);
  });

  it('serves every waiting interactive caller before any batch one, FIFO within each', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(1, 1000, clock);
    let held = await limiter.acquire('batch');
    const order: string[] = [];
    const granted: Array<Promise<{ release: () => void }>> = [];
    const ask = (name: string, priority?: 'batch' | 'interactive') =>
      granted.push(
        limiter.acquire(priority).then((slot) => {
          order.push(name);
          held = slot;
          return slot;
        }),
      );
    ask('batch-1', 'batch');
    ask('batch-2', 'batch');
    ask('webhook-1', 'interactive');
    ask('webhook-2');
    expect(limiter.queued()).toEqual({ interactive: 2, batch: 2 });
    for (let served = 0; served < 4; served++) {
      held.release();
      await clock.advance(1001);
    }
    await Promise.all(granted);
    expect(order).toEqual(['webhook-1', 'webhook-2', 'batch-1', 'batch-2']);
  });
});
