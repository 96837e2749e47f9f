/**
 * Measurement 1: webhook acknowledgement. Signed notifications, a new id for
 * every request, at fixed concurrency levels, against the real service
 * (signature check, JSON parse, durable group-committed insert into the inbox)
 * and against a bare node:http server that only reads the body and answers.
 * The service runs with its inbox worker disabled, so nothing but the
 * acknowledgement path uses the CPU; the inbox is emptied before each round.
 */
import { BASELINE, CANDIDATE, SERVICE, toComparison } from '../lib/comparison';
import type { BenchContext } from '../lib/context';
import { log } from '../lib/log';
import { describeRound, measuredLoad, type MeasuredRound } from '../lib/measured-load';
import { fakeContactId, notificationStream, signedNotification } from '../lib/notifications';
import type { WebhookLevel, WebhookResult } from '../lib/results';
import { alternate, type Contender } from '../lib/rounds';
import type { RunningService } from '../lib/service';
import { summarize } from '../lib/stats';

const PATH = '/api/intercom/webhook';

export function webhookLoad(
  ctx: BenchContext,
  url: string,
  connections: number,
  seconds: number,
  prefix: string,
  eventLoop?: () => Promise<number>,
): Promise<MeasuredRound> {
  return measuredLoad(
    ctx,
    {
      url,
      path: PATH,
      connections,
      durationSec: seconds,
      maxRequests: ctx.config.webhook.maxRequests,
      nextRequest: notificationStream(prefix),
    },
    eventLoop,
  );
}

/** INSERT statements the server has executed so far (every client's: others' are few by comparison). */
async function insertsSoFar(ctx: BenchContext): Promise<number> {
  const [row] = await ctx.mysql.query<Array<{ Value: string }>>(
    "SHOW GLOBAL STATUS LIKE 'Com_insert'",
  );
  return Number(row.Value);
}

async function inboxRows(ctx: BenchContext): Promise<number> {
  const [row] = await ctx.mysql.query<Array<{ n: number }>>(
    'SELECT COUNT(*) AS n FROM intercom_notifications',
  );
  return Number(row.n);
}

async function benchLevel(
  ctx: BenchContext,
  targets: ReadonlyArray<{ name: string; service: RunningService }>,
  baselineUrl: string,
  connections: number,
): Promise<WebhookLevel> {
  const { webhook } = ctx.config;
  const seconds = (warmup: boolean) => (warmup ? webhook.warmupSec : webhook.roundSec);
  const batches: Array<{ rows: number; commits: number; seconds: number }> = [];
  const serviceContenders = targets.map(({ name, service }): Contender<MeasuredRound> => ({
    name,
    run: async (n, warmup) => {
      await ctx.mysql.query('TRUNCATE TABLE intercom_notifications');
      const insertsBefore = await insertsSoFar(ctx);
      const r = await webhookLoad(
        ctx,
        service.url,
        connections,
        seconds(warmup),
        `${ctx.runId}-${name}-c${connections}-${n}`,
        () => service.stats().then((s) => s.eventLoopUtilization),
      );
      const batch = {
        commits: (await insertsSoFar(ctx)) - insertsBefore,
        rows: await inboxRows(ctx),
      };
      if (name === SERVICE && !warmup) batches.push({ ...batch, seconds: r.load.durationSec });
      const perCommit = (batch.rows / Math.max(1, batch.commits)).toFixed(1);
      log(
        `  c=${connections} ${name}${warmup ? ' (warm-up)' : ''}: ${describeRound(r, name)}; ${perCommit} rows/INSERT`,
      );
      return r;
    },
  }));
  const results = await alternate<MeasuredRound>(
    [
      ...serviceContenders,
      {
        name: BASELINE,
        run: async (n, warmup) => {
          const r = await webhookLoad(
            ctx,
            baselineUrl,
            connections,
            seconds(warmup),
            `base-${ctx.runId}-c${connections}-${n}`,
          );
          log(
            `  c=${connections} node:http${warmup ? ' (warm-up)' : ''}: ${describeRound(r, 'bare-http')}`,
          );
          return r;
        },
      },
    ],
    { warmups: ctx.config.warmups, rounds: ctx.config.rounds },
  );
  return {
    ...toComparison(connections, results, 'bare-http'),
    rowsPerCommit: summarize(batches.map((b) => b.rows / Math.max(1, b.commits))),
    commitsPerSecond: summarize(batches.map((b) => b.commits / b.seconds)),
  };
}

export async function benchWebhook(
  ctx: BenchContext,
  service: RunningService,
  candidate: RunningService | undefined,
  baselineUrl: string,
): Promise<WebhookResult> {
  const targets = [{ name: SERVICE, service }];
  if (candidate) targets.push({ name: CANDIDATE, service: candidate });
  const levels: WebhookLevel[] = [];
  for (const connections of ctx.config.webhook.connections) {
    levels.push(await benchLevel(ctx, targets, baselineUrl, connections));
  }
  await ctx.mysql.query('TRUNCATE TABLE intercom_notifications');
  return { levels, bodyBytes: Buffer.byteLength(signedNotification('x', fakeContactId(1)).body) };
}
