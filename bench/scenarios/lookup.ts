/**
 * Lookup: POST /api/intercom/lookup-email (API key, validation, per-caller
 * throttle, member query, positions through supabase-js) on the compiled
 * service, against (a) the reference, the same contract as one plain Express
 * route on a mysql2 pool (baselines/lookup-express.ts, `pooled`), and (b) the
 * original route, a new MySQL connection per request (`per-request`). Same
 * member table, same PostgREST server, same mix of found and unknown emails.
 */
import { MYSQL } from '../../test/support/databases';
import type {
  BaselineCommands,
  BaselineInfo,
  LookupBaselineInit,
} from '../baselines/baseline.protocol';
import { BENCH_LOOKUP_KEY, BENCH_SERVICE_ROLE_KEY } from '../lib/constants';
import type { BenchContext } from '../lib/context';
import { checkAlike, type Probe } from '../lib/fair';
import { emailMix } from '../lib/fixtures';
import { loadRounds, ofRounds, rpsRatio, totalOf } from '../lib/load';
import { log } from '../lib/log';
import { rowMaker, type ResultRow } from '../lib/report';
import { serviceEnv, startService } from '../lib/service';
import { startTsChild } from '../lib/ts-child';

const PATH = '/api/intercom/lookup-email';
const AUTH = { 'x-api-key': BENCH_LOOKUP_KEY };
const JSON_TYPE = { 'content-type': 'application/json' };

/** The headers helmet sets with the service's options: the reference must send them alike. */
const SECURITY_HEADERS = (
  'content-security-policy cross-origin-opener-policy cross-origin-resource-policy ' +
  'origin-agent-cluster referrer-policy strict-transport-security x-content-type-options ' +
  'x-dns-prefetch-control x-download-options x-frame-options x-permitted-cross-domain-policies ' +
  'x-powered-by x-xss-protection'
).split(' ');

/** Refusals the service and the reference must answer alike (status, body, security headers). */
const REFUSALS: Probe[] = [
  { what: 'no API key', body: '{"email":"a@example.com"}', headers: JSON_TYPE },
  {
    what: 'a wrong API key',
    body: '{"email":"a@example.com"}',
    headers: { ...JSON_TYPE, authorization: 'Bearer not-the-key' },
  },
  {
    what: 'an invalid email',
    body: '{"email":"not-an-email"}',
    headers: { ...JSON_TYPE, ...AUTH },
  },
  { what: 'no email', body: '{}', headers: { ...JSON_TYPE, ...AUTH } },
  { what: 'a JSON array', body: '[]', headers: { ...JSON_TYPE, ...AUTH } },
  {
    what: 'malformed JSON',
    body: '{"email":',
    headers: { ...JSON_TYPE, ...AUTH },
    bodyOnly: true,
  },
  {
    what: 'a body that is not JSON',
    body: 'email=a@example.com',
    headers: { 'content-type': 'text/plain', ...AUTH },
  },
];

function lookups(emails: readonly string[]): Probe[] {
  return emails.map((email) => ({
    what: `a lookup of ${email}`,
    body: JSON.stringify({ email }),
    headers: { ...JSON_TYPE, ...AUTH },
  }));
}

export async function benchLookup(ctx: BenchContext): Promise<ResultRow[]> {
  const env = serviceEnv(ctx, { INBOX_WORKER_ENABLED: 'false' });
  const checks: LookupBaselineInit['checks'] = {
    keys: env.LOOKUP_API_KEYS.split(','),
    rateLimit: Number(env.LOOKUP_RATE_LIMIT),
    rateWindowMs: Number(env.LOOKUP_RATE_WINDOW_MS),
    trustProxyHops: Number(env.TRUST_PROXY_HOPS ?? 1),
  };
  const startBaseline = (name: string, connections: LookupBaselineInit['connections']) =>
    startTsChild<BaselineCommands, BaselineInfo>(
      ctx.registry,
      name,
      { compiled: 'bench/baselines/lookup-express.ts', dir: ctx.helpersDir },
      {
        mysql: { ...MYSQL, database: ctx.mysql.name },
        supabaseUrl: ctx.postgrest.info.url,
        serviceRoleKey: BENCH_SERVICE_ROLE_KEY,
        connections,
        checks,
      } satisfies LookupBaselineInit,
    );
  const service = await startService(ctx, env);
  const original = await startBaseline('original', 'per-request');
  const reference = await startBaseline('reference', 'pooled');
  try {
    const at = (url: string) => `${url}${PATH}`;
    const { foundEmails, notFoundEmails } = ctx.fixtures;
    const sample = lookups([foundEmails[1], foundEmails[2], notFoundEmails[0]]);
    await checkAlike(
      [
        { name: 'service', url: at(service.url) },
        { name: 'reference', url: at(reference.info.url) },
      ],
      [...sample, ...REFUSALS],
      SECURITY_HEADERS,
    );
    await checkAlike(
      [
        { name: 'service', url: at(service.url) },
        { name: 'original', url: at(original.info.url) },
      ],
      sample,
    );
    log(
      `lookup: ${ctx.config.http.connections} connections, ${ctx.config.rounds} rounds ` +
        '(service, reference, original: same answers, same refusals)',
    );
    const emails = emailMix(ctx.fixtures, ctx.config.lookup.foundShare);
    let n = 0;
    const results = await loadRounds(
      ctx,
      [
        { name: 'service', url: service.url },
        { name: 'reference', url: reference.info.url },
        { name: 'original', url: original.info.url },
      ],
      () => ({
        path: PATH,
        headers: AUTH,
        nextRequest: () => ({ body: JSON.stringify({ email: emails[n++ % emails.length] }) }),
      }),
    );
    await ctx.postgrest.client.call('clearRequests', null);
    const c = ctx.config.http.connections;
    const row = rowMaker('lookup');
    const vs = `Lookup, ${c} connections: req/s vs`;
    return [
      row(
        `${vs} the same contract as one plain Express route on a pool`,
        rpsRatio(results, 'service', 'reference'),
        '×',
        { atLeast: 0.9 },
      ),
      row(
        `${vs} the original route (a new MySQL connection per request)`,
        rpsRatio(results, 'service', 'original'),
        '×',
        { atLeast: 2.5 },
      ),
      ...(['service', 'reference', 'original'] as const).flatMap((name) => [
        row(
          `Lookup, ${c} connections, ${name}: req/s`,
          ofRounds(results, name, (r) => r.rps),
          'req/s',
        ),
        row(
          `Lookup, ${c} connections, ${name}: p99`,
          ofRounds(results, name, (r) => r.p99Ms),
          'ms',
        ),
      ]),
      row(
        'Lookup: errors and non-2xx answers, service (all rounds)',
        totalOf(results, 'service', (r) => r.errors),
        '',
        { atMost: 0 },
      ),
    ];
  } finally {
    await Promise.all([service.stop(), original.handle.stop(), reference.handle.stop()]);
  }
}
