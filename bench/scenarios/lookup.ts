/**
 * Measurement 2: POST /api/intercom/lookup-email (API key, validation, pooled
 * MySQL query, positions through supabase-js) against the reference, a
 * hand-written pooled Express route with the same checks (key, JSON, body,
 * per-caller throttle), and against the original Express route that opens a
 * new MySQL connection per request. Same member table, same PostgREST server,
 * same request mix of found and not-found emails.
 */
import { BASELINE, CANDIDATE, rpsRatio, SERVICE, toComparison } from '../lib/comparison';
import { BENCH_LOOKUP_KEY } from '../lib/constants';
import type { BenchContext } from '../lib/context';
import { emailMix } from '../lib/fixtures';
import { log } from '../lib/log';
import {
  describeRound,
  measuredLoad,
  summarizeRounds,
  type MeasuredRound,
} from '../lib/measured-load';
import type { LookupResult } from '../lib/results';
import { alternate, type Contender } from '../lib/rounds';
import type { RunningService } from '../lib/service';

const PATH = '/api/intercom/lookup-email';
const AUTH = { 'x-api-key': BENCH_LOOKUP_KEY };

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${PATH}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

async function lookup(url: string, email: string): Promise<unknown> {
  const answer = await post(url, JSON.stringify({ email }), {
    'content-type': 'application/json',
    ...AUTH,
  });
  if (answer.status !== 200) throw new Error(`${url}${PATH} answered ${answer.status}`);
  return answer.body;
}

/** Both sides must give the same answers, or the comparison means nothing. */
async function checkSameAnswers(ctx: BenchContext, serviceUrl: string, baselineUrl: string) {
  const { foundEmails, notFoundEmails } = ctx.fixtures;
  for (const email of [foundEmails[1], foundEmails[2], notFoundEmails[0]]) {
    const [ours, theirs] = await Promise.all([
      lookup(serviceUrl, email),
      lookup(baselineUrl, email),
    ]);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      throw new Error(
        `lookup answers differ for ${email}: service ${JSON.stringify(ours)}, baseline ${JSON.stringify(theirs)}`,
      );
    }
  }
}

/** Refusals the service and the pooled reference (which makes the same checks) must answer alike. */
const REFUSALS: Array<{ what: string; body: string; headers: Record<string, string> }> = [
  {
    what: 'no API key',
    body: '{"email":"a@example.com"}',
    headers: { 'content-type': 'application/json' },
  },
  {
    what: 'a wrong API key',
    body: '{"email":"a@example.com"}',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-key' },
  },
  {
    what: 'an invalid email',
    body: '{"email":"not-an-email"}',
    headers: { 'content-type': 'application/json', ...AUTH },
  },
  { what: 'no email', body: '{}', headers: { 'content-type': 'application/json', ...AUTH } },
  {
    what: 'a body that is not JSON',
    body: 'email=a@example.com',
    headers: { 'content-type': 'text/plain', ...AUTH },
  },
];

async function checkSameRefusals(serviceUrl: string, referenceUrl: string) {
  for (const { what, body, headers } of REFUSALS) {
    const [ours, theirs] = await Promise.all([
      post(serviceUrl, body, headers),
      post(referenceUrl, body, headers),
    ]);
    if (ours.status === 200 || JSON.stringify(ours) !== JSON.stringify(theirs)) {
      throw new Error(
        `lookup refusals differ for ${what}: service ${JSON.stringify(ours)}, reference ${JSON.stringify(theirs)}`,
      );
    }
  }
}

/** One bounded load of lookups cycling through `emails`. */
export function lookupLoad(
  ctx: BenchContext,
  url: string,
  seconds: number,
  emails: readonly string[],
  eventLoop?: () => Promise<number>,
): Promise<MeasuredRound> {
  const { lookup: config } = ctx.config;
  let n = 0;
  return measuredLoad(
    ctx,
    {
      url,
      path: PATH,
      connections: config.connections,
      durationSec: seconds,
      maxRequests: config.maxRequests,
      headers: AUTH,
      nextRequest: () => ({ body: JSON.stringify({ email: emails[n++ % emails.length] }) }),
    },
    eventLoop,
  );
}

/** Process names of the two Express routes, in the CPU accounting. */
export const LOOKUP_BASELINE = 'express-baseline';
export const LOOKUP_REFERENCE = 'pooled-reference';
const REFERENCE = 'reference';

export async function benchLookup(
  ctx: BenchContext,
  service: RunningService,
  candidate: RunningService | undefined,
  urls: { baseline: string; reference: string },
): Promise<LookupResult> {
  const { lookup: config } = ctx.config;
  await checkSameAnswers(ctx, service.url, urls.baseline);
  await checkSameAnswers(ctx, urls.reference, urls.baseline);
  await checkSameRefusals(service.url, urls.reference);
  if (candidate) {
    await checkSameAnswers(ctx, candidate.url, urls.baseline);
    await checkSameRefusals(candidate.url, urls.reference);
  }
  const emails = emailMix(ctx.fixtures, config.foundShare);
  const seconds = (warmup: boolean) => (warmup ? config.warmupSec : config.roundSec);
  const targets = [{ name: SERVICE, service }];
  if (candidate) targets.push({ name: CANDIDATE, service: candidate });
  const express = (name: string, url: string, group: string, label: string) => ({
    name,
    run: async (_n: number, warmup: boolean) => {
      const r = await lookupLoad(ctx, url, seconds(warmup), emails);
      await ctx.postgrest.client.call('clearRequests', null);
      log(
        `  c=${config.connections} ${label}${warmup ? ' (warm-up)' : ''}: ${describeRound(r, group)}`,
      );
      return r;
    },
  });
  const results = await alternate<MeasuredRound>(
    [
      ...targets.map(({ name, service: target }): Contender<MeasuredRound> => ({
        name,
        run: async (_n, warmup) => {
          const r = await lookupLoad(ctx, target.url, seconds(warmup), emails, () =>
            target.stats().then((s) => s.eventLoopUtilization),
          );
          log(
            `  c=${config.connections} ${name}${warmup ? ' (warm-up)' : ''}: ${describeRound(r, name)}`,
          );
          return r;
        },
      })),
      express(BASELINE, urls.baseline, LOOKUP_BASELINE, 'per-request connection'),
      express(REFERENCE, urls.reference, LOOKUP_REFERENCE, 'pooled, same checks'),
    ],
    { warmups: ctx.config.warmups, rounds: ctx.config.rounds },
  );
  await ctx.postgrest.client.call('clearRequests', null);
  const reference = results.get(REFERENCE) ?? [];
  return {
    members: config.members,
    foundShare: config.foundShare,
    comparison: toComparison(config.connections, results, LOOKUP_BASELINE),
    reference: {
      ...summarizeRounds(reference, LOOKUP_REFERENCE),
      vsBaseline: rpsRatio(reference, results.get(BASELINE) ?? []),
    },
    vsReference: rpsRatio(results.get(SERVICE) ?? [], reference),
  };
}
