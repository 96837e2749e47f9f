/** Measurement 3: the enrichment pipeline, under Intercom's rate limit and without it. */
import type { DoubleStats } from '../children/intercom-double.protocol';
import type { BenchContext } from '../lib/context';
import { intercomEnv, startIntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import type { EnrichmentResult } from '../lib/results';
import { startBenchService } from '../lib/bench-service';
import { serviceEnv } from '../lib/service-env';
import { summarize } from '../lib/stats';
import { drainRound, type DrainRound } from './enrichment-drain';
import { latencyRound, type LatencyRound } from './enrichment-latency';

/** A rate limit no run comes near. */
const UNLIMITED = { limit: 1_000_000, windowMs: 10_000 };
const WARMUP_NOTIFICATIONS = 10;

async function drainRounds(
  ctx: BenchContext,
): Promise<{ rounds: DrainRound[]; stats: DoubleStats; rssMb: number }> {
  const { rateLimit, notifications } = ctx.config.enrichment;
  const double = await startIntercomDoubleChild(ctx, rateLimit);
  try {
    const service = await startBenchService(
      ctx,
      serviceEnv(ctx, {
        ...intercomEnv(double),
        INTERCOM_RATE_LIMIT: String(rateLimit.limit),
        INTERCOM_RATE_WINDOW_MS: String(rateLimit.windowMs),
      }),
    );
    try {
      let offset = 0;
      for (let w = 0; w < ctx.config.warmups; w++) {
        await drainRound(ctx, service, double, `warmup-${w}`, WARMUP_NOTIFICATIONS, offset);
        offset += WARMUP_NOTIFICATIONS;
      }
      const rounds: DrainRound[] = [];
      for (let r = 0; r < ctx.config.rounds; r++) {
        rounds.push(await drainRound(ctx, service, double, `drain-${r}`, notifications, offset));
        offset += notifications;
      }
      const stats = await double.client.call('stats', null);
      return { rounds, stats, rssMb: service.memory().rssMb };
    } finally {
      await service.stop();
    }
  } finally {
    await double.handle.stop();
  }
}

async function latencyRounds(ctx: BenchContext): Promise<LatencyRound[]> {
  const double = await startIntercomDoubleChild(ctx, UNLIMITED);
  try {
    const service = await startBenchService(
      ctx,
      serviceEnv(ctx, {
        ...intercomEnv(double),
        INTERCOM_RATE_LIMIT: String(UNLIMITED.limit),
        INTERCOM_RATE_WINDOW_MS: String(UNLIMITED.windowMs),
      }),
    );
    try {
      const count = ctx.config.enrichment.latencyNotifications;
      let offset = 2500;
      await latencyRound(ctx, service, double, 'latency-warmup', WARMUP_NOTIFICATIONS, offset);
      const rounds: LatencyRound[] = [];
      for (let r = 0; r < ctx.config.rounds; r++) {
        offset += count;
        rounds.push(await latencyRound(ctx, service, double, `latency-${r}`, count, offset));
      }
      return rounds;
    } finally {
      await service.stop();
    }
  } finally {
    await double.handle.stop();
  }
}

export async function benchEnrichment(
  ctx: BenchContext,
): Promise<{ result: EnrichmentResult; rssAfterLoadMb: number }> {
  const { rateLimit, notifications, latencyNotifications, latencyRate } = ctx.config.enrichment;
  log(
    `enrichment: ${notifications} notifications, Intercom limit ${rateLimit.limit} per ${rateLimit.windowMs} ms`,
  );
  const drain = await drainRounds(ctx);
  log(
    `enrichment latency: ${latencyNotifications} notifications at ${latencyRate}/s, no rate limit`,
  );
  const latency = await latencyRounds(ctx);
  const outcomes: Record<string, number> = {};
  for (const round of drain.rounds) {
    for (const [key, n] of Object.entries(round.outcomes)) outcomes[key] = (outcomes[key] ?? 0) + n;
  }
  return {
    rssAfterLoadMb: drain.rssMb,
    result: {
      notifications,
      rateLimit,
      drainSec: summarize(drain.rounds.map((r) => r.drainSec)),
      utilization: summarize(drain.rounds.map((r) => r.utilization)),
      calls: summarize(drain.rounds.map((r) => r.calls)),
      // Counted by the double over the whole scenario, warm-up included.
      tooManyRequests: drain.stats.tooManyRequests,
      maxCallsInAnyWindow: drain.stats.maxCallsInAnyWindow,
      validationErrors: drain.stats.validationErrors,
      outcomes,
      latency: {
        notifications: latencyNotifications,
        rate: latencyRate,
        p50Ms: summarize(latency.map((r) => r.p50Ms)),
        p99Ms: summarize(latency.map((r) => r.p99Ms)),
      },
    },
  };
}
