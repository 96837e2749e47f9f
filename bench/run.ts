/**
 * `npm run bench [-- --quick] [-- --only=…]`: the service side by side with
 * its baselines, on fresh databases it creates and drops, with every process
 * it starts stopped at the end, whatever happens. Results: the table in
 * BENCHMARKS.md (bench/results/quick.md with --quick), raw rows in bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs, USAGE, type BenchArgs, type ScenarioName } from './lib/args';
import type { BenchContext } from './lib/context';
import { elapsedSeconds, log } from './lib/log';
import { BENCHMARKS_MD, REPO_ROOT, RESULTS_DIR } from './lib/paths';
import { ProcessRegistry } from './lib/processes';
import {
  describeMachine,
  formatValue,
  met,
  resultsSection,
  writeReport,
  type ResultRow,
} from './lib/report';
import { prepareRun } from './lib/setup';
import { Teardown } from './lib/teardown';
import { benchEnrichment } from './scenarios/enrichment';
import { benchFreshness } from './scenarios/freshness';
import { benchLookup } from './scenarios/lookup';
import { benchMemberSync } from './scenarios/member-sync';
import { benchWebhook } from './scenarios/webhook';

const SCENARIOS: Record<ScenarioName, (ctx: BenchContext) => Promise<ResultRow[]>> = {
  lookup: benchLookup,
  webhook: benchWebhook,
  enrichment: benchEnrichment,
  'member-sync': benchMemberSync,
  freshness: benchFreshness,
};

async function runBench(args: BenchArgs, teardown: Teardown, registry: ProcessRegistry) {
  const startedAt = new Date().toISOString();
  const { ctx, notes } = await prepareRun(args, teardown, registry);
  const machine = await describeMachine(ctx.mysql, ctx.postgres);
  const rows: ResultRow[] = [];
  for (const [name, bench] of Object.entries(SCENARIOS) as Array<
    [ScenarioName, typeof benchLookup]
  >) {
    if (!args.only.has(name)) continue;
    const cpu = ctx.cpu.snapshot();
    rows.push(...(await bench(ctx)));
    // Other work on the machine makes the figures noisier: the report says how much there was.
    const other = ctx.cpu.since(cpu).cores.other ?? 0;
    notes.push(`${name}: other processes used ${other.toFixed(2)} cores meanwhile`);
  }
  const command = `npm run bench${args.quick ? ' -- --quick' : ''}`;
  const section = resultsSection(
    rows,
    { command, startedAt, durationSec: elapsedSeconds(), notes },
    machine,
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  const output = args.output ?? (args.quick ? join(RESULTS_DIR, 'quick.md') : BENCHMARKS_MD);
  writeFileSync(
    join(RESULTS_DIR, `last-${ctx.config.mode}.json`),
    JSON.stringify({ machine, notes, rows }, null, 2),
  );
  writeReport(output, section);
  for (const row of rows) {
    const ok = met(row);
    const verdict = ok === undefined ? '' : ok ? '  [met]' : '  [NOT MET]';
    console.log(`${row.measurement}: ${formatValue(row.value, row.unit)}${verdict}`);
  }
  log(`report: ${relative(REPO_ROOT, output)}`);
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
