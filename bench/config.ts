/** How much of everything a run does: the full run, or the --quick smoke run. */
import type { RateLimit } from './lib/budget';

/** One Intercom limit the enrichment drain is measured at. */
export interface DrainLimit extends RateLimit {
  /** Notifications per round: 2 calls each (GET and PUT of the contact). */
  notifications: number;
  rounds: number;
  /** A short drain first, unmeasured (JIT); its wait for fresh windows costs two windows. */
  warmup: boolean;
  /** Time the double takes for each allowed answer, ms (default 0: as fast as it can). */
  latencyMs?: number;
}

/** One Intercom limit the member sync's full reconciliation is measured at. */
export interface FullSyncLimit extends RateLimit {
  /** Windows of calls a perfect client needs (the contacts are sized to fill them). */
  windows: number;
  rounds: number;
}

export interface BenchConfig {
  mode: 'full' | 'quick';
  warmups: number;
  rounds: number;
  /** Lookup and webhook loads: closed loop, `connections` in flight, bounded in time and requests. */
  http: { connections: number; roundSec: number; warmupSec: number; maxRequests: number };
  lookup: {
    members: number;
    /** Share of the requests whose email belongs to an Active or Retired member. */
    foundShare: number;
  };
  enrichment: { drains: DrainLimit[] };
  memberSync: {
    /** Member table size of the incremental runs. */
    members: number;
    /** Members changed before each measured incremental run. */
    changed: number;
    rounds: number;
    full: FullSyncLimit[];
  };
  freshness: {
    members: number;
    /** Changes made (half in MySQL, half in Supabase), spread evenly over `spanIntervals` intervals. */
    changes: number;
    spanIntervals: number;
    /** MEMBER_SYNC_INTERVAL_MS given to the service; undefined: its default (5 minutes). */
    intervalMs?: number;
  };
}

/** Intercom's default limit for a private app: 10,000 per minute, counted as 1,666 per 10 s. */
export const PRIVATE_APP_LIMIT: RateLimit = { limit: 1666, windowMs: 10_000 };

/**
 * How long the double takes to answer in the drains that imitate Intercom's own answer times,
 * ms: an assumption (a few hundred ms is usual for Intercom's REST API), not a measurement.
 */
const ANSWER_MS = 150;

const FULL: BenchConfig = {
  mode: 'full',
  warmups: 1,
  rounds: 5,
  // An 8 s warm-up: V8 has optimised the lookup path by then (3 s left the first round slow).
  http: { connections: 16, roundSec: 5, warmupSec: 8, maxRequests: 250_000 },
  lookup: { members: 5000, foundShare: 0.75 },
  enrichment: {
    drains: [
      // 2 calls each (GET + PUT): 200 calls = 10 full windows of 20.
      { limit: 20, windowMs: 2000, notifications: 100, rounds: 3, warmup: true },
      // 3,332 calls = 2 full windows of 1,666.
      { ...PRIVATE_APP_LIMIT, notifications: 1666, rounds: 3, warmup: true },
      // The same with answers that take time, as Intercom's do: calls in flight = rate × answer time.
      { ...PRIVATE_APP_LIMIT, notifications: 1666, rounds: 2, warmup: true, latencyMs: ANSWER_MS },
    ],
  },
  memberSync: {
    members: 5000,
    changed: 50,
    rounds: 3,
    full: [
      // 4,931 contacts (+ 33 search pages walked, + 33 searches reading them again) = 3 windows, less one call.
      { ...PRIVATE_APP_LIMIT, windows: 3, rounds: 2 },
      // 1,637 contacts (+ 11 pages, + 11 reads again) = 10 windows, less one call: a client that loses one window still scores 91 %.
      { limit: 166, windowMs: 10_000, windows: 10, rounds: 2 },
    ],
  },
  // At the service's default interval: 24 changes over two intervals (10 minutes), then at most
  // one interval and a run for the last of them: about 16 minutes.
  freshness: { members: 5000, changes: 24, spanIntervals: 2 },
};

const QUICK: BenchConfig = {
  mode: 'quick',
  warmups: 1,
  rounds: 3,
  http: { connections: 16, roundSec: 1, warmupSec: 0.5, maxRequests: 50_000 },
  lookup: { members: 5000, foundShare: 0.75 },
  enrichment: {
    drains: [
      { limit: 20, windowMs: 2000, notifications: 60, rounds: 2, warmup: true },
      { ...PRIVATE_APP_LIMIT, notifications: 1666, rounds: 1, warmup: false },
    ],
  },
  memberSync: {
    // The full run at 1,666 per 10 s needs 1,654 members.
    members: 2000,
    changed: 50,
    rounds: 1,
    full: [
      { ...PRIVATE_APP_LIMIT, windows: 1, rounds: 1 },
      { limit: 166, windowMs: 10_000, windows: 2, rounds: 1 },
    ],
  },
  // Not the default interval: a smoke run cannot wait 5 minutes a sample.
  freshness: { members: 1000, changes: 6, spanIntervals: 1, intervalMs: 20_000 },
};

/** A copy: a run may adjust it. */
export function benchConfig(quick: boolean): BenchConfig {
  return structuredClone(quick ? QUICK : FULL);
}
