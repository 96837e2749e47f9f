/** Measurement 3: the enrichment pipeline, under Intercom's rate limits and without one. */
import type { DrainLimit } from '../config';
import type { BenchContext } from '../lib/context';
import {
  callsPerSecond,
  describeLimit,
  NO_LIMIT,
  summarizeBudget,
  unlimitedReference,
} from '../lib/budget';
import { intercomEnv, intercomRateEnv, startIntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { profileWork } from '../lib/profiling';
import type { DrainResult, EnrichmentResult, UnlimitedReference } from '../lib/results';
import { startBenchService } from '../lib/bench-service';
import { serviceEnv } from '../lib/service-env';
import { summarize } from '../lib/stats';
import { drainRound, type DrainRound } from './enrichment-drain';
import { latencyRound, type LatencyRound } from './enrichment-latency';

const WARMUP_NOTIFICATIONS = 10;
/** Where the latency rounds' emails start in the fixtures (the drains use those before). */
const LATENCY_EMAIL_OFFSET = 2500;

/** One double and one service at `drain`'s limit: warm-up, then the measured rounds. */
async function drainRounds(
  ctx: BenchContext,
  drain: DrainLimit,
  emailOffset: number,
): Promise<{ result: DrainResult; rssMb: number }> {
  const double = await startIntercomDoubleChild(ctx, drain, drain.latencyMs);
  try {
    const rateEnv = intercomRateEnv(ctx, drain);
    const service = await startBenchService(
      ctx,
      serviceEnv(ctx, { ...intercomEnv(double), ...rateEnv }),
    );
    try {
      let offset = emailOffset;
      // Notification ids must differ between drains at the same limit (the service keeps each once).
      const name = drain.latencyMs ? `${drain.limit}-slow` : String(drain.limit);
      for (let w = 0; w < (drain.warmup ? ctx.config.warmups : 0); w++) {
        const label = `warmup-${name}-${w}`;
        await drainRound(ctx, service, double, drain, label, WARMUP_NOTIFICATIONS, offset);
        offset += WARMUP_NOTIFICATIONS;
      }
      const rounds: DrainRound[] = [];
      for (let r = 0; r < drain.rounds; r++) {
        const label = `drain-${name}-${r}`;
        rounds.push(
          await drainRound(ctx, service, double, drain, label, drain.notifications, offset),
        );
        offset += drain.notifications;
      }
      const stats = await double.client.call('stats', null);
      const outcomes: Record<string, number> = {};
      for (const round of rounds) {
        for (const [key, n] of Object.entries(round.outcomes)) {
          outcomes[key] = (outcomes[key] ?? 0) + n;
        }
      }
      return {
        rssMb: service.memory().rssMb,
        result: {
          rateLimit: { limit: drain.limit, windowMs: drain.windowMs },
          ...(drain.latencyMs !== undefined && { answerLatencyMs: drain.latencyMs }),
          serviceLimit: rateEnv.INTERCOM_RATE_LIMIT
            ? Number(rateEnv.INTERCOM_RATE_LIMIT)
            : undefined,
          notifications: drain.notifications,
          rounds: drain.rounds,
          drainSec: summarize(rounds.map((r) => r.drainSec)),
          budget: summarizeBudget(rounds.map((r) => r.budget)),
          cpuMsPerCall: {
            service: summarize(rounds.map((r) => r.serviceCpuMsPerCall)),
            double: summarize(rounds.map((r) => r.doubleCpuMsPerCall)),
          },
          doubleTooManyRequests: stats.tooManyRequests,
          doubleMaxCallsInAnyWindow: stats.maxCallsInAnyWindow,
          validationErrors: stats.validationErrors,
          outcomes,
        },
      };
    } finally {
      await service.stop();
    }
  } finally {
    await double.handle.stop();
  }
}

/**
 * On the service without a limit: the latency rounds, then (once) the largest
 * drain's burst, whose pace is what the service can do at all.
 */
async function unlimitedRounds(
  ctx: BenchContext,
  referenceSize: number,
): Promise<{ latency: LatencyRound[]; reference: UnlimitedReference }> {
  const double = await startIntercomDoubleChild(ctx, NO_LIMIT);
  try {
    const service = await startBenchService(
      ctx,
      serviceEnv(ctx, {
        ...intercomEnv(double),
        INTERCOM_RATE_LIMIT: String(NO_LIMIT.limit),
        INTERCOM_RATE_WINDOW_MS: String(NO_LIMIT.windowMs),
      }),
    );
    try {
      const count = ctx.config.enrichment.latencyNotifications;
      let offset = LATENCY_EMAIL_OFFSET;
      await latencyRound(ctx, service, double, 'latency-warmup', WARMUP_NOTIFICATIONS, offset);
      const rounds: LatencyRound[] = [];
      for (let r = 0; r < ctx.config.rounds; r++) {
        offset += count;
        rounds.push(await latencyRound(ctx, service, double, `latency-${r}`, count, offset));
      }
      offset += count;
      const drain = await drainRound(
        ctx,
        service,
        double,
        NO_LIMIT,
        'reference',
        referenceSize,
        offset,
        false,
      );
      if (ctx.args.profile) {
        offset += referenceSize;
        await profileWork(ctx, service, 'enrichment-burst', async () => {
          const round = await drainRound(
            ctx,
            service,
            double,
            NO_LIMIT,
            'profile',
            referenceSize,
            offset,
            false,
          );
          return (
            `Service CPU profile, enrichment: a burst of ${referenceSize} notifications without a limit, ` +
            `${callsPerSecond(round.budget).toFixed(0)} calls/s, ` +
            `${round.serviceCpuMsPerCall.toFixed(2)} ms service CPU per call`
          );
        });
      }
      return {
        latency: rounds,
        reference: unlimitedReference(referenceSize, drain.budget, {
          client: drain.serviceCpuMsPerCall,
          double: drain.doubleCpuMsPerCall,
        }),
      };
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
  const { drains, latencyNotifications, latencyRate } = ctx.config.enrichment;
  const results: DrainResult[] = [];
  let rssAfterLoadMb = Number.NaN;
  let offset = 0;
  for (const drain of drains) {
    log(
      `enrichment: ${drain.notifications} notifications, ${drain.rounds} rounds, Intercom limit ${describeLimit(drain)}` +
        (ctx.intercomLimitFromHeaders ? ' (INTERCOM_RATE_LIMIT unset)' : ''),
    );
    const { result, rssMb } = await drainRounds(ctx, drain, offset);
    results.push(result);
    if (!drain.latencyMs) rssAfterLoadMb = rssMb;
    offset += WARMUP_NOTIFICATIONS * ctx.config.warmups + drain.rounds * drain.notifications;
  }
  const referenceSize = Math.max(...drains.map((d) => d.notifications));
  log(
    `enrichment without a limit: latency of ${latencyNotifications} notifications at ${latencyRate}/s, ` +
      `then a burst of ${referenceSize}`,
  );
  const { latency, reference } = await unlimitedRounds(ctx, referenceSize);
  return {
    rssAfterLoadMb,
    result: {
      drains: results,
      unlimited: reference,
      latency: {
        notifications: latencyNotifications,
        rate: latencyRate,
        p50Ms: summarize(latency.map((r) => r.p50Ms)),
        p99Ms: summarize(latency.map((r) => r.p99Ms)),
      },
    },
  };
}
