/**
 * `npm run bench [-- --quick]`: the service side by side with its baselines,
 * on fresh databases it creates and drops, with every process it starts
 * stopped at the end, whatever happens. Results: BENCHMARKS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs, USAGE, type BenchArgs } from './lib/args';
import { elapsedSeconds, log } from './lib/log';
import { describeMachine } from './lib/machine';
import { BENCHMARKS_MD, REPO_ROOT, RESULTS_DIR } from './lib/paths';
import { ProcessRegistry } from './lib/processes';
import { recorder } from './lib/recorder';
import { writeReport } from './lib/report';
import type { BenchResults, FootprintResult } from './lib/results';
import { serviceEnv } from './lib/service-env';
import { prepareRun } from './lib/setup';
import { printSummary } from './lib/summary';
import { Teardown } from './lib/teardown';
import { benchApi } from './scenarios/api';
import { benchEnrichment } from './scenarios/enrichment';
import { measureStartups } from './scenarios/footprint';
import { benchMemberSync } from './scenarios/member-sync';

async function runBench(args: BenchArgs, teardown: Teardown, registry: ProcessRegistry) {
  const startedAt = new Date().toISOString();
  const { ctx, notes } = await prepareRun(args, teardown, registry);
  const results: BenchResults = {
    mode: ctx.config.mode,
    startedAt,
    durationSec: 0,
    machine: await describeMachine(ctx.mysql, ctx.postgres),
    notes,
    noise: [],
  };
  const measure = recorder(ctx, results);

  // The webhook is measured without enrichment competing for the CPU.
  const apiEnv = serviceEnv(ctx, { INBOX_WORKER_ENABLED: 'false' });
  let footprint: FootprintResult | undefined;
  if (args.only.has('footprint')) {
    log(`footprint: ${ctx.config.footprint.starts} starts of the service`);
    const starts = await measure('footprint (start-ups)', () => measureStartups(ctx, apiEnv));
    footprint = { ...starts, baselineRssMb: {} };
  }
  if (args.only.has('webhook') || args.only.has('lookup')) {
    await benchApi(ctx, measure, results, apiEnv, footprint);
  }
  if (args.only.has('enrichment')) {
    const enrichment = await measure('enrichment', () => benchEnrichment(ctx));
    results.enrichment = enrichment.result;
    if (footprint) footprint.enrichmentRssAfterLoadMb = enrichment.rssAfterLoadMb;
  }
  if (args.only.has('member-sync')) {
    results.memberSync = await measure('member sync', () => benchMemberSync(ctx));
  }
  results.footprint = footprint;
  results.durationSec = elapsedSeconds();

  mkdirSync(RESULTS_DIR, { recursive: true });
  const output = args.output ?? (args.quick ? join(RESULTS_DIR, 'quick.md') : BENCHMARKS_MD);
  const raw = args.output
    ? output.replace(/(\.md)?$/, '.json')
    : join(RESULTS_DIR, `last-${ctx.config.mode}.json`);
  writeFileSync(raw, JSON.stringify(results, null, 2));
  writeReport(output, results, `npm run bench${args.quick ? ' -- --quick' : ''}`);
  printSummary(results, relative(REPO_ROOT, output));
}

async function main(): Promise<number> {
  let parsed: BenchArgs | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const registry = new ProcessRegistry();
  const teardown = new Teardown();
  // Last resort: nothing the bench started outlives it.
  process.on('exit', () => registry.killAllNow());
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void teardown.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await runBench(parsed, teardown, registry);
    return 0;
  } catch (error) {
    // After a signal, the failures are those of the processes being stopped.
    if (!interrupted) log(`failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    log('cleaning up');
    await teardown.run();
  }
}

void main().then((code) => process.exit(code));
