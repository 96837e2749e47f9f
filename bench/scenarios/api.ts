/**
 * Measurements 1 and 2 on one instance of the service (inbox worker off),
 * each against its baseline, then that instance's memory after the loads.
 */
import type {
  BaselineCommands,
  BaselineInfo,
  LookupBaselineInit,
} from '../baselines/baseline.protocol';
import { MYSQL } from '../../test/support/databases';
import { startBenchService } from '../lib/bench-service';
import { BENCH_LOOKUP_KEY, BENCH_SERVICE_ROLE_KEY } from '../lib/constants';
import type { BenchContext } from '../lib/context';
import { emailMix } from '../lib/fixtures';
import { log } from '../lib/log';
import { readMemory } from '../lib/proc';
import { profileLoad } from '../lib/profiling';
import type { Measure } from '../lib/recorder';
import type { BenchResults, FootprintResult } from '../lib/results';
import type { RunningService } from '../lib/service';
import { startTsChild } from '../lib/ts-child';
import { benchLookup, LOOKUP_BASELINE, LOOKUP_REFERENCE, lookupLoad } from './lookup';
import { benchWebhook, webhookLoad } from './webhook';

/** Length of the extra load run under the profiler (--profile). */
const PROFILE_SECONDS = { full: 10, quick: 3 };

async function webhook(
  ctx: BenchContext,
  measure: Measure,
  results: BenchResults,
  api: RunningService,
  candidate: RunningService | undefined,
  footprint: FootprintResult | undefined,
): Promise<void> {
  const { config } = ctx;
  log(`webhook: ${config.webhook.connections.join(', ')} connections, ${config.rounds} rounds`);
  const bare = await startTsChild<BaselineCommands, BaselineInfo>(
    ctx.registry,
    'bare-http',
    { compiled: 'bench/baselines/bare-http.ts', dir: ctx.helpersDir },
    null,
  );
  results.webhook = await measure('webhook', () =>
    benchWebhook(ctx, api, candidate, bare.info.url),
  );
  if (ctx.args.profile) {
    await profileLoad(ctx, api, 'webhook-c16', () =>
      webhookLoad(ctx, api.url, 16, PROFILE_SECONDS[config.mode], `${ctx.runId}-profile`),
    );
  }
  if (footprint) footprint.baselineRssMb['bare node:http'] = readMemory(bare.handle.pid).rssMb;
  await bare.handle.stop();
}

async function lookup(
  ctx: BenchContext,
  measure: Measure,
  results: BenchResults,
  api: RunningService,
  candidate: RunningService | undefined,
  footprint: FootprintResult | undefined,
  env: Record<string, string>,
): Promise<void> {
  const { config } = ctx;
  log(`lookup: ${config.lookup.connections} connections, ${config.rounds} rounds`);
  // The pooled reference checks what the service checks, with the service's settings.
  const checks: LookupBaselineInit['checks'] = {
    keys: (env.LOOKUP_API_KEYS ?? BENCH_LOOKUP_KEY).split(','),
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
  const express = await startBaseline(LOOKUP_BASELINE, 'per-request');
  const pooled = await startBaseline(LOOKUP_REFERENCE, 'pooled');
  results.lookup = await measure('lookup', () =>
    benchLookup(ctx, api, candidate, { baseline: express.info.url, reference: pooled.info.url }),
  );
  if (ctx.args.profile) {
    const emails = emailMix(ctx.fixtures, config.lookup.foundShare);
    await profileLoad(ctx, api, 'lookup-c16', () =>
      lookupLoad(ctx, api.url, PROFILE_SECONDS[config.mode], emails),
    );
  }
  if (footprint) {
    footprint.baselineRssMb['Express per-request connection'] = readMemory(
      express.handle.pid,
    ).rssMb;
  }
  await Promise.all([express.handle.stop(), pooled.handle.stop()]);
}

export async function benchApi(
  ctx: BenchContext,
  measure: Measure,
  results: BenchResults,
  env: Record<string, string>,
  footprint: FootprintResult | undefined,
): Promise<void> {
  const api = await startBenchService(ctx, env);
  const candidate = ctx.candidateMain ? await startBenchService(ctx, env, true) : undefined;
  try {
    if (ctx.args.only.has('webhook')) {
      await webhook(ctx, measure, results, api, candidate, footprint);
    }
    if (ctx.args.only.has('lookup')) {
      await lookup(ctx, measure, results, api, candidate, footprint, env);
    }
    if (footprint) {
      const memory = api.memory();
      footprint.rssAfterLoadMb = memory.rssMb;
      footprint.peakRssMb = memory.peakRssMb;
      footprint.liveHeapAfterLoadMb = (await api.liveHeap()) / 2 ** 20;
    }
  } finally {
    await Promise.all([api.stop(), candidate?.stop()]);
  }
}
