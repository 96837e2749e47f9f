/**
 * The service's operator CLI (`node dist/cli/main.js …`, next to the measured
 * build's main.js), run to its end in a child process of its own, configured
 * only through its environment, with the bench's guard (it ends if the bench
 * dies) and the query counter (children/query-counter.ts) preloaded.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { QueryCounterInit, QueryCounts } from '../children/query-counter.protocol';
import { CHILD_INIT_ENV } from './child-init';
import { compiledPath } from './compile';
import type { BenchContext } from './context';
import { REPO_ROOT } from './paths';

export interface CliRun {
  /** Spawn to exit, ms (Node and Nest start-up included). */
  wallMs: number;
  exitCode: number | string;
  /** The last kilobytes of standard output and error. */
  output: string;
  /** Statements sent to MySQL, by text without values (query-counter.ts). */
  queries: Record<string, number>;
  /** CPU the process used from taking the member sync's lock to its exit, ms (NaN: no lock taken). */
  runCpuMs: number;
}

let runs = 0;

export async function runCli(
  ctx: BenchContext,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<CliRun> {
  const queryCountFile = join(ctx.scratchDir, `cli-queries-${++runs}.json`);
  const init: QueryCounterInit = { queryCountFile };
  const main = join(dirname(ctx.serviceMain), 'cli', 'main.js');
  const started = performance.now();
  const handle = ctx.registry.spawn(
    'cli',
    process.execPath,
    [
      '-r',
      ctx.guard,
      '-r',
      compiledPath(ctx.helpersDir, 'bench/children/query-counter.ts'),
      main,
      ...args,
    ],
    {
      cwd: ctx.scratchDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        ...env,
        [CHILD_INIT_ENV]: JSON.stringify(init),
      },
    },
  );
  const timer = setTimeout(() => void handle.stop(), timeoutMs);
  const exitCode = await handle.exited;
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  let counts: QueryCounts = { statements: {}, runCpuMs: null };
  try {
    counts = JSON.parse(readFileSync(queryCountFile, 'utf8')) as QueryCounts;
    rmSync(queryCountFile);
  } catch {
    // No file: the process did not get as far as exiting normally; the exit code says why.
  }
  if (exitCode !== 0) {
    throw new Error(
      `npm run cli -- ${args.join(' ')} ended with ${exitCode} after ${(wallMs / 1000).toFixed(1)} s` +
        `${wallMs >= timeoutMs ? ' (stopped: too long)' : ''}:\n${handle.output()}`,
    );
  }
  return {
    wallMs,
    exitCode,
    output: handle.output(),
    queries: counts.statements,
    runCpuMs: counts.runCpuMs ?? Number.NaN,
  };
}
