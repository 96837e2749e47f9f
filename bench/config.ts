/** How much of everything a run does: the full run, or the --quick smoke run. */
export interface BenchConfig {
  mode: 'full' | 'quick';
  warmups: number;
  rounds: number;
  /** Measurement 1: signed notifications at fixed concurrency. */
  webhook: { connections: number[]; roundSec: number; warmupSec: number; maxRequests: number };
  /** Measurement 2: lookup-email on a seeded member table. */
  lookup: {
    connections: number;
    roundSec: number;
    warmupSec: number;
    maxRequests: number;
    members: number;
    /** Share of the requests whose email belongs to an Active or Retired member. */
    foundShare: number;
  };
  /** Measurement 3: inbox drain under Intercom's rate limit, and latency without it. */
  enrichment: {
    notifications: number;
    rateLimit: { limit: number; windowMs: number };
    latencyNotifications: number;
    /** Notifications per second sent in the latency rounds. */
    latencyRate: number;
  };
  /** Measurement 4: service starts to first healthy answer. */
  footprint: { starts: number };
}

const FULL: BenchConfig = {
  mode: 'full',
  warmups: 1,
  rounds: 5,
  webhook: { connections: [1, 16, 64], roundSec: 5, warmupSec: 5, maxRequests: 250_000 },
  lookup: {
    connections: 16,
    roundSec: 5,
    // Long enough for V8 to optimise the lookup path (a 3 s warm-up left the first round slow).
    warmupSec: 8,
    maxRequests: 100_000,
    members: 5000,
    foundShare: 0.75,
  },
  enrichment: {
    // 2 calls each (GET + PUT) = 600 calls = 12 full windows of 50.
    notifications: 300,
    rateLimit: { limit: 50, windowMs: 2000 },
    latencyNotifications: 100,
    latencyRate: 50,
  },
  footprint: { starts: 5 },
};

const QUICK: BenchConfig = {
  mode: 'quick',
  warmups: 1,
  rounds: 3,
  webhook: { connections: [1, 16, 64], roundSec: 1, warmupSec: 0.5, maxRequests: 100_000 },
  lookup: {
    connections: 16,
    roundSec: 1,
    warmupSec: 0.5,
    maxRequests: 50_000,
    members: 5000,
    foundShare: 0.75,
  },
  enrichment: {
    // 200 calls = 4 full windows of 50.
    notifications: 100,
    rateLimit: { limit: 50, windowMs: 2000 },
    latencyNotifications: 40,
    latencyRate: 50,
  },
  footprint: { starts: 3 },
};

/** A copy: a run may adjust it from the command line. */
export function benchConfig(quick: boolean): BenchConfig {
  return structuredClone(quick ? QUICK : FULL);
}
