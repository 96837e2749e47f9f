import { RateLimiter, type Clock, type RateLimitAnswer, type Slot } from './rate-limiter';

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

/** A FakeClock whose timers all fire `lateMs` after they were due, as on a busy event loop. */
class LateClock extends FakeClock {
  constructor(private readonly lateMs: number) {
    super();
  }

  override sleep(ms: number): Promise<void> {
    return super.sleep(ms + this.lateMs);
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * Intercom's budget as the test double keeps it (test/support/intercom-double/rate-limiter.ts):
 * `limit` calls per fixed window anchored at `origin`, counted on arrival, refused calls not
 * counted, and the reset announced in whole seconds (so up to a second after the window's end).
 */
class FakeIntercom {
  private readonly used = new Map<number, number>();
  readonly arrivals: number[] = [];
  refused = 0;

  constructor(
    private readonly clock: FakeClock,
    readonly limit: number,
    readonly windowMs: number,
    readonly origin: number = clock.now(),
  ) {}

  /** Counts one call arriving now and answers its headers. */
  take(): RateLimitAnswer {
    const window = this.windowOf(this.clock.now());
    const used = this.used.get(window) ?? 0;
    const allowed = used < this.limit;
    if (allowed) {
      this.used.set(window, used + 1);
      this.arrivals.push(this.clock.now());
    } else {
      this.refused += 1;
    }
    const end = this.origin + (window + 1) * this.windowMs;
    return {
      limit: this.limit,
      remaining: this.limit - (allowed ? used + 1 : used),
      resetAtMs: Math.ceil(end / 1000) * 1000,
      refused: !allowed,
    };
  }

  /** Another instance of the app spends `calls` of the current window. */
  spend(calls: number): void {
    for (let i = 0; i < calls; i++) this.take();
  }

  windowOf(at: number): number {
    return Math.floor((at - this.origin) / this.windowMs);
  }

  /** Calls ÷ (limit × fixed windows from the first call's to the last's, counted whole). */
  share(): number {
    const first = this.windowOf(this.arrivals[0]);
    const last = this.windowOf(this.arrivals[this.arrivals.length - 1]);
    return this.arrivals.length / (this.limit * (last - first + 1));
  }

  maxInAnyWindow(): number {
    return Math.max(...this.used.values());
  }
}

/**
 * Makes `count` calls through `limiter` with `workers` callers, each call taking `latencyMs`
 * there and back (counted by `intercom` halfway) and tried again after a refusal the way
 * throttled-fetch.ts does. The workers stand for the inbox's concurrency (INBOX_CONCURRENCY).
 */
function callThrough(
  limiter: RateLimiter,
  clock: FakeClock,
  intercom: FakeIntercom,
  count: number,
  { latencyMs = 10, workers = 8 }: { latencyMs?: number; workers?: number } = {},
): { starts: number[]; done: Promise<void[]> } {
  const starts: number[] = [];
  let left = count;
  const call = async () => {
    for (;;) {
      const slot = await limiter.acquire();
      starts.push(clock.now());
      await clock.sleep(latencyMs / 2);
      const answer = intercom.take();
      await clock.sleep(latencyMs / 2);
      slot.release(answer);
      if (!answer.refused) return;
      const reset = answer.resetAtMs ?? 0;
      limiter.pauseUntil(reset > clock.now() ? reset : clock.now() + 1000);
    }
  };
  const done = Array.from({ length: workers }, async () => {
    while (left > 0) {
      left -= 1;
      await call();
    }
  });
  return { starts, done: Promise.all(done) };
}

describe('RateLimiter', () => {
  describe('without rate headers (as before Intercom answers, or when it sends none)', () => {
    it('lets `limit` calls through at once, then waits a full window after the first answer', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 1000, initialLimit: 3 }, clock);
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
      const limiter = new RateLimiter({ windowMs: 1000, initialLimit: 5 }, clock);
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

    it('starts at 166 calls per window until Intercom announces its limit', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const slots: Slot[] = [];
      for (let i = 0; i < 166; i++) slots.push(await limiter.acquire());
      expect(limiter.limit).toBe(166);
      expect(limiter.available()).toBe(0);
      for (const slot of slots) slot.release();
    });

    it('holds every caller while Intercom says the window is spent', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 1000, initialLimit: 100 }, clock);
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
      const limiter = new RateLimiter({ windowMs: 1000, initialLimit: 2 }, clock);
      const slot = await limiter.acquire();
      slot.release();
      slot.release();
      expect(limiter.available()).toBe(1);
    });

    it('serves every waiting interactive caller before any batch one, FIFO within each', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 1000, initialLimit: 1 }, clock);
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

  describe("following Intercom's X-RateLimit headers", () => {
    it('adopts a larger announced limit: a private app gets about 1,666 calls per 10 s, not 166', async () => {
      const clock = new FakeClock();
      const intercom = new FakeIntercom(clock, 1666, 10_000);
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const { starts, done } = callThrough(limiter, clock, intercom, 1000, { workers: 32 });
      await clock.advance(9000);
      // All of them within the first window, where the initial limit would have let 166 through.
      expect(starts).toHaveLength(1000);
      expect(limiter.limit).toBe(1666);
      await clock.advance(100);
      await done;
      expect(intercom.refused).toBe(0);
    });

    it('alone, starting late in a window (a CLI run), still spends the whole window before its end', async () => {
      const clock = new FakeClock();
      // The window began 1.5 s ago; nobody else calls.
      const intercom = new FakeIntercom(clock, 1666, 10_000, clock.now() - 1500);
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const { done } = callThrough(limiter, clock, intercom, 1666, { workers: 50 });
      for (let i = 0; i < 84; i++) await clock.advance(100);
      await clock.advance(99);
      // The whole first window but the one call kept back until the process is proven alone
      // (another instance may take it): no pace floor of the limit over 9 s.
      expect(intercom.arrivals.filter((at) => intercom.windowOf(at) === 0)).toHaveLength(1665);
      await clock.advance(1000);
      await done;
      expect(intercom.refused).toBe(0);
    });

    it('never goes above INTERCOM_RATE_LIMIT when it is set lower than the announced limit', async () => {
      const clock = new FakeClock();
      const intercom = new FakeIntercom(clock, 1666, 10_000);
      const limiter = new RateLimiter({ windowMs: 10_000, ceiling: 100 }, clock);
      const { starts, done } = callThrough(limiter, clock, intercom, 250, { workers: 32 });
      for (let i = 0; i < 30; i++) await clock.advance(1000);
      await done;
      expect(limiter.limit).toBe(100);
      for (const start of starts) {
        expect(starts.filter((t) => t >= start && t < start + 10_000).length).toBeLessThanOrEqual(
          100,
        );
      }
      // Its whole ceiling in the first window, not less.
      expect(starts.filter((t) => t < starts[0] + 10_000)).toHaveLength(100);
    });

    it('follows Remaining when another instance spent part of the window: no more calls than that before the reset', async () => {
      const clock = new FakeClock();
      // The window ends 1.5 s from now (its reset announced at the next whole second).
      const intercom = new FakeIntercom(clock, 20, 2000, clock.now() - 500);
      const limiter = new RateLimiter({ windowMs: 2000 }, clock);
      intercom.spend(14); // the other instance
      const { starts, done } = callThrough(limiter, clock, intercom, 12, { workers: 4 });
      await clock.advance(1499);
      // 6 were left: the first call read it; one is kept back from the other instance, which
      // may read the same Remaining.
      expect(starts.length).toBeGreaterThanOrEqual(4);
      expect(starts.length).toBeLessThanOrEqual(6);
      expect(intercom.refused).toBe(0);
      await clock.advance(5000);
      await done;
      expect(starts).toHaveLength(12);
      expect(intercom.refused).toBe(0);
    });

    it('keeps a call in flight off Remaining: it may not have been counted yet', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const first = await limiter.acquire();
      const slow = await limiter.acquire(); // still in flight when the first answer arrives
      first.release({ limit: 1666, remaining: 4, resetAtMs: clock.now() + 5000 });
      // 4 left, less the slow call, less the call kept back while other instances are not ruled out.
      expect(limiter.available()).toBe(2);
      slow.release({ limit: 1666, remaining: 3, resetAtMs: clock.now() + 5000 });
      expect(limiter.available()).toBe(2);
    });

    it('waits for the reset once Remaining is 0, then refills at once (not a window after the last answer)', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const reset = clock.now() + 3000;
      // Three calls answered in the first 30 ms; other instances spent the rest of the 100.
      const slots = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
      for (const [i, slot] of slots.entries()) {
        await clock.advance(10);
        slot.release({ limit: 100, remaining: 2 - i, resetAtMs: reset });
      }
      let next: number | undefined;
      const pending = limiter.acquire().then((slot) => {
        next = clock.now();
        return slot;
      });
      await clock.advance(reset - clock.now() - 1);
      expect(next).toBeUndefined();
      await clock.advance(1);
      await pending;
      expect(next).toBe(reset);
      // The refilled window holds the announced limit, less this call and the few kept back
      // for the other instances (their pace in the last window over a round trip, and one).
      expect(limiter.available()).toBeGreaterThanOrEqual(95);
      expect(limiter.available()).toBeLessThanOrEqual(98);
    });

    it('serves interactive callers before batch ones when Remaining frees calls', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter({ windowMs: 2000 }, clock);
      const reset = clock.now() + 1000;
      const first = await limiter.acquire();
      first.release({ limit: 20, remaining: 0, resetAtMs: reset });
      const order: string[] = [];
      const granted = [
        limiter.acquire('batch').then(() => order.push('batch-1')),
        limiter.acquire('batch').then(() => order.push('batch-2')),
        limiter.acquire('interactive').then(() => order.push('webhook-1')),
        limiter.acquire().then(() => order.push('webhook-2')),
      ];
      await clock.advance(3000);
      await Promise.all(granted);
      expect(order).toEqual(['webhook-1', 'webhook-2', 'batch-1', 'batch-2']);
    });

    it('alone, uses at least 90 % of the budget (fixed windows counted whole) with no refusal', async () => {
      const clock = new FakeClock();
      const intercom = new FakeIntercom(clock, 20, 2000, clock.now() - 700);
      const limiter = new RateLimiter({ windowMs: 2000 }, clock);
      const { done } = callThrough(limiter, clock, intercom, 400, { latencyMs: 8 });
      for (let i = 0; i < 600 && intercom.arrivals.length < 400; i++) await clock.advance(100);
      await done;
      expect(intercom.refused).toBe(0);
      expect(intercom.maxInAnyWindow()).toBe(20);
      expect(intercom.share()).toBeGreaterThanOrEqual(0.9);
    });

    it('fills each window of 1,666 although every timer fires late (the spread catches up)', async () => {
      // Before a window proves it alone, the limiter spreads its calls over the window at the
      // limit's own pace (1,666 in 9 s here): a start that waited for a late timer must not
      // push every later one back, or the window's last calls spill into a third window.
      const clock = new LateClock(2);
      const intercom = new FakeIntercom(clock, 1666, 10_000);
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const { done } = callThrough(limiter, clock, intercom, 3330, { latencyMs: 4, workers: 64 });
      for (let i = 0; i < 400 && intercom.arrivals.length < 3330; i++) await clock.advance(100);
      await done;
      expect(intercom.refused).toBe(0);
      // One call a window is kept back while others may share it (reserveForOthers).
      expect(intercom.windowOf(intercom.arrivals[3329])).toBe(1);
    });

    it('once a window proved it alone, sends calls as fast as they come until Remaining is spent', async () => {
      const clock = new FakeClock();
      const intercom = new FakeIntercom(clock, 1666, 10_000);
      const limiter = new RateLimiter({ windowMs: 10_000 }, clock);
      const warmUp = callThrough(limiter, clock, intercom, 5, { latencyMs: 4 });
      await clock.advance(100);
      await warmUp.done;
      await clock.advance(10_000); // the next window: the last one showed no one else's calls
      const { starts, done } = callThrough(limiter, clock, intercom, 1000, {
        latencyMs: 4,
        workers: 64,
      });
      for (let i = 0; i < 200 && intercom.arrivals.length < 1005; i++) await clock.advance(10);
      await done;
      expect(intercom.refused).toBe(0);
      // 1,000 calls of 4 ms, 64 at a time: 63 ms of work. Spread over the window, 5.4 s.
      expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(200);
    });

    it('two instances on one budget, with nothing divided by hand: no refusal, together at least 80 %', async () => {
      const clock = new FakeClock();
      const intercom = new FakeIntercom(clock, 20, 2000, clock.now() - 300);
      const a = new RateLimiter({ windowMs: 2000 }, clock);
      const b = new RateLimiter({ windowMs: 2000 }, clock);
      const first = callThrough(a, clock, intercom, 200, { latencyMs: 8 });
      const second = callThrough(b, clock, intercom, 200, { latencyMs: 12 });
      for (let i = 0; i < 600 && intercom.arrivals.length < 400; i++) await clock.advance(100);
      await Promise.all([first.done, second.done]);
      expect(intercom.refused).toBe(0);
      expect(intercom.share()).toBeGreaterThanOrEqual(0.8);
      // Both got their turn all along, not one after the other.
      const half = intercom.arrivals[200];
      expect(first.starts.filter((t) => t < half).length).toBeGreaterThan(60);
      expect(second.starts.filter((t) => t < half).length).toBeGreaterThan(60);
    });
  });
});
