/**
 * Measurement 2: POST /api/intercom/lookup-email (API key, validation, pooled
 * MySQL query, positions through supabase-js) against the original Express
 * route that opens a new MySQL connection per request. Same member table,
 * same PostgREST server, same request mix of found and not-found emails.
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

async function lookup(url: string, email: string): Promise<unknown> {
  const response = await fetch(`${url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 200) throw new Error(`${url}${PATH} answered ${response.status}`);
  return response.json();
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
  if (candidate) await checkSameAnswers(ctx, candidate.url, urls.baseline);
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
      express(REFERENCE, urls.reference, LOOKUP_REFERENCE, 'pooled reference'),
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
  };
}
