/**
 * Intercom budget, enrichment: bursts of notifications drained through an
 * Intercom double that enforces a fixed-window limit, one double and one
 * service per limit: the share of the allowed calls used, and 429 answers.
 */
import type { DrainLimit } from '../config';
import { describeLimit, type BudgetUse } from '../lib/budget';
import type { BenchContext } from '../lib/context';
import { intercomEnv, intercomRateEnv, startIntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { rowMaker, type ResultRow } from '../lib/report';
import { serviceEnv, startService } from '../lib/service';
import { summarize } from '../lib/stats';
import { drainRound } from './enrichment-drain';

const WARMUP_NOTIFICATIONS = 10;

/** One double and one service at `drain`'s limit: warm-up, then the measured rounds. */
async function drainRounds(
  ctx: BenchContext,
  drain: DrainLimit,
  emailOffset: number,
): Promise<{ rounds: BudgetUse[]; tooManyRequests: number; invalid: number }> {
  const double = await startIntercomDoubleChild(ctx, drain, drain.latencyMs);
  try {
    const env = serviceEnv(ctx, { ...intercomEnv(double), ...intercomRateEnv(drain) });
    const service = await startService(ctx, env);
    try {
      let offset = emailOffset;
      // Notification ids must differ between drains at the same limit (the service keeps each once).
      const name = drain.latencyMs ? `${drain.limit}-slow` : String(drain.limit);
      const rounds: BudgetUse[] = [];
      const count = drain.warmup ? ctx.config.warmups + drain.rounds : drain.rounds;
      for (let r = 0; r < count; r++) {
        const warmup = r < count - drain.rounds;
        const size = warmup ? WARMUP_NOTIFICATIONS : drain.notifications;
        const label = `${warmup ? 'warmup' : 'drain'}-${name}-${r}`;
        const round = await drainRound(ctx, service, double, drain, label, size, offset);
        if (!warmup) rounds.push(round);
        offset += size;
      }
      const stats = await double.client.call('stats', null);
      return { rounds, tooManyRequests: stats.tooManyRequests, invalid: stats.validationErrors };
    } finally {
      await service.stop();
    }
  } finally {
    await double.handle.stop();
  }
}

export async function benchEnrichment(ctx: BenchContext): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  let offset = 0;
  for (const drain of ctx.config.enrichment.drains) {
    const limit = describeLimit(drain);
    log(
      `enrichment: ${drain.notifications} notifications, ${drain.rounds} rounds, Intercom limit ${limit}`,
    );
    const { rounds, tooManyRequests, invalid } = await drainRounds(ctx, drain, offset);
    if (invalid > 0) throw new Error(`the double found ${invalid} invalid requests`);
    offset += WARMUP_NOTIFICATIONS * ctx.config.warmups + drain.rounds * drain.notifications;
    const calls = rounds[0]?.calls ?? 0;
    const row = rowMaker('enrichment', `Enrichment at ${limit}`);
    rows.push(
      row(
        ` (${calls} calls a round): share of the allowed Intercom calls used`,
        summarize(rounds.map((r) => r.share)),
        '%',
        { atLeast: 0.9 },
      ),
      row(': 429 answers (warm-up included)', summarize([tooManyRequests]), '', { atMost: 0 }),
    );
  }
  return rows;
}
