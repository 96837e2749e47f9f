/**
 * Webhook acknowledgement: signed notifications, a new id for every request,
 * on the compiled service (signature, JSON, durable insert into the inbox,
 * 200 after the commit) against (a) the same durable contract as one plain
 * Express route (baselines/webhook-express.ts: one INSERT per request on a
 * pool) and (b) a bare node:http server that only answers 200, the ceiling.
 * The service runs with its inbox worker off, so nothing but the
 * acknowledgement uses the CPU; the inbox is emptied before each round.
 */
import { signBody } from '../../src/intercom/webhook/webhook-signature';
import { MYSQL } from '../../test/support/databases';
import type {
  BaselineCommands,
  BaselineInfo,
  WebhookBaselineInit,
} from '../baselines/baseline.protocol';
import { BENCH_CLIENT_SECRET } from '../lib/constants';
import type { BenchContext } from '../lib/context';
import { checkAlike, type Probe } from '../lib/fair';
import { loadRounds, ofRounds, rpsRatio, totalOf } from '../lib/load';
import { log } from '../lib/log';
import { fakeContactId, notificationStream, signedNotification } from '../lib/notifications';
import { rowMaker, type ResultRow } from '../lib/report';
import { serviceEnv, startService } from '../lib/service';
import { startTsChild } from '../lib/ts-child';

const PATH = '/api/intercom/webhook';
const JSON_TYPE = { 'content-type': 'application/json' };

function signed(body: string): Record<string, string> {
  return { ...JSON_TYPE, 'x-hub-signature': signBody(body, BENCH_CLIENT_SECRET) };
}

/** What the service and the reference must answer alike; `id` makes the notification new. */
function probes(id: string): Probe[] {
  const { body } = signedNotification(id, fakeContactId(1));
  return [
    { what: 'a signed notification', body, headers: signed(body) },
    { what: 'the same notification again', body, headers: signed(body) },
    { what: 'no signature', body, headers: JSON_TYPE },
    {
      what: 'a wrong signature',
      body,
      headers: { ...JSON_TYPE, 'x-hub-signature': `sha1=${'0'.repeat(40)}` },
    },
    { what: 'a signed body that is not JSON', body: 'not json', headers: signed('not json') },
    { what: 'a signed JSON array', body: '[]', headers: signed('[]') },
  ];
}

async function inboxRows(ctx: BenchContext, id: string): Promise<number> {
  const [row] = await ctx.mysql.query<Array<{ n: number }>>(
    'SELECT COUNT(*) AS n FROM intercom_notifications WHERE notification_id = ?',
    [id],
  );
  return Number(row.n);
}

/** Same answers, and each 200 came after the row was written. */
async function checkFair(ctx: BenchContext, urls: Record<'service' | 'reference', string>) {
  const ids = { service: `${ctx.runId}-probe-s`, reference: `${ctx.runId}-probe-r` };
  for (const name of ['service', 'reference'] as const) {
    await checkAlike([{ name, url: `${urls[name]}${PATH}` }], probes(ids[name]).slice(0, 1));
    if ((await inboxRows(ctx, ids[name])) !== 1) {
      throw new Error(`${name} acknowledged a notification it had not written to the inbox`);
    }
  }
  await checkAlike(
    [
      { name: 'service', url: `${urls.service}${PATH}` },
      { name: 'reference', url: `${urls.reference}${PATH}` },
    ],
    probes(`${ctx.runId}-probe-both`),
    ['content-type'],
  );
}

export async function benchWebhook(ctx: BenchContext): Promise<ResultRow[]> {
  const service = await startService(ctx, serviceEnv(ctx, { INBOX_WORKER_ENABLED: 'false' }));
  const reference = await startTsChild<BaselineCommands, BaselineInfo>(
    ctx.registry,
    'reference',
    { compiled: 'bench/baselines/webhook-express.ts', dir: ctx.helpersDir },
    {
      mysql: { ...MYSQL, database: ctx.mysql.name },
      secret: BENCH_CLIENT_SECRET,
    } satisfies WebhookBaselineInit,
  );
  const bare = await startTsChild<BaselineCommands, BaselineInfo>(
    ctx.registry,
    'bare-http',
    { compiled: 'bench/baselines/bare-http.ts', dir: ctx.helpersDir },
    null,
  );
  try {
    await checkFair(ctx, { service: service.url, reference: reference.info.url });
    const c = ctx.config.http.connections;
    log(
      `webhook: ${c} connections, ${ctx.config.rounds} rounds (service and reference answer alike)`,
    );
    const emptyInbox = async () => {
      await ctx.mysql.query('TRUNCATE TABLE intercom_notifications');
    };
    let round = 0;
    const results = await loadRounds(
      ctx,
      [
        { name: 'service', url: service.url, beforeRound: emptyInbox },
        { name: 'reference', url: reference.info.url, beforeRound: emptyInbox },
        { name: 'bare node:http', url: bare.info.url },
      ],
      () => ({ path: PATH, nextRequest: notificationStream(`${ctx.runId}-${++round}`) }),
    );
    await emptyInbox();
    const row = rowMaker('webhook', `Webhook ack, ${c} connections: `);
    return [
      row(
        'req/s vs the same durable contract as one plain Express route',
        rpsRatio(results, 'service', 'reference'),
        '×',
        { atLeast: 1 },
      ),
      row(
        'p99, service',
        ofRounds(results, 'service', (r) => r.p99Ms),
        'ms',
        { atMost: 25 },
      ),
      row(
        'errors and non-2xx answers, service (all rounds)',
        totalOf(results, 'service', (r) => r.errors),
        '',
        { atMost: 0 },
      ),
      row(
        'req/s vs bare node:http (the ceiling, no target)',
        rpsRatio(results, 'service', 'bare node:http'),
        '×',
      ),
      ...(['service', 'reference', 'bare node:http'] as const).flatMap((name) => [
        row(
          `${name}: req/s`,
          ofRounds(results, name, (r) => r.rps),
          'req/s',
        ),
        row(
          `${name}: p99`,
          ofRounds(results, name, (r) => r.p99Ms),
          'ms',
        ),
      ]),
    ];
  } finally {
    await Promise.all([service.stop(), reference.handle.stop(), bare.handle.stop()]);
  }
}
