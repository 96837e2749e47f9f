/**
 * Everything a run needs before measuring: the build, a quiet machine if it
 * comes, a scratch directory, fresh databases with fixtures, the PostgREST
 * server. Each step registers its own clean-up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMysqlDatabase, createPostgresDatabase } from '../../test/support/databases';
import type {
  PostgrestCommands,
  PostgrestInfo,
  PostgrestInit,
} from '../children/postgrest.protocol';
import { benchConfig } from '../config';
import type { BenchArgs } from './args';
import { ensureBuilt } from './build';
import { compiledPath, compileHelpers } from './compile';
import { BENCH_SERVICE_ROLE_KEY } from './constants';
import type { BenchContext } from './context';
import { CpuMonitor } from './cpu';
import { seedFixtures } from './fixtures';
import { log } from './log';
import { DIST_MAIN } from './paths';
import type { ProcessRegistry } from './processes';
import type { Teardown } from './teardown';
import { startTsChild } from './ts-child';

/** Which build to measure; answers a note for the report when it may not match src/. */
function chooseBuild(args: BenchArgs): { serviceMain: string; note?: string } {
  if (args.dist) {
    const serviceMain = resolve(args.dist, 'main.js');
    if (!existsSync(serviceMain)) throw new Error(`${serviceMain} does not exist`);
    return { serviceMain, note: `measured the compiled service in ${args.dist}, not dist/` };
  }
  return { serviceMain: DIST_MAIN, note: ensureBuilt(args.build) };
}

export async function prepareRun(
  args: BenchArgs,
  teardown: Teardown,
  registry: ProcessRegistry,
): Promise<{ ctx: BenchContext; notes: string[] }> {
  const config = benchConfig(args.quick);
  const { serviceMain, note } = chooseBuild(args);
  const notes = note ? [note] : [];
  const cpu = new CpuMonitor(registry);
  const quietNote = await cpu.waitForQuiet(args.quick ? 10 : 60);
  if (quietNote) notes.push(quietNote);

  const scratchDir = mkdtempSync(join(tmpdir(), 'natca-bench-'));
  teardown.add('scratch directory', () => rmSync(scratchDir, { recursive: true, force: true }));
  const helpersDir = compileHelpers(join(scratchDir, 'helpers'));

  log(`creating databases and seeding ${config.lookup.members} members`);
  const mysql = await createMysqlDatabase();
  teardown.add(`drop MariaDB database ${mysql.name}`, () => mysql.drop());
  const postgres = await createPostgresDatabase();
  teardown.add(`drop PostgreSQL database ${postgres.name}`, () => postgres.drop());
  // Registered after the databases, so it runs before they are dropped.
  teardown.add('stop every process started', () => registry.stopAll());
  log(`databases: MariaDB ${mysql.name}, PostgreSQL ${postgres.name} (dropped at the end)`);
  const fixtures = await seedFixtures(mysql, postgres, config.lookup.members);
  const postgrestInit: PostgrestInit = {
    connectionString: postgres.connectionString,
    serviceKey: BENCH_SERVICE_ROLE_KEY,
  };
  const postgrest = await startTsChild<PostgrestCommands, PostgrestInfo>(
    registry,
    'postgrest',
    { ts: 'bench/children/postgrest.child.ts' },
    postgrestInit,
  );
  const ctx: BenchContext = {
    args,
    config,
    registry,
    teardown,
    cpu,
    mysql,
    postgres,
    postgrest,
    fixtures,
    guard: compiledPath(helpersDir, 'bench/children/service-guard.ts'),
    serviceMain,
    helpersDir,
    scratchDir,
    runId: `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
  };
  return { ctx, notes };
}
