import type { TestMysqlDatabase, TestPostgresDatabase } from '../../test/support/databases';
import type { PostgrestCommands, PostgrestInfo } from '../children/postgrest.protocol';
import type { BenchConfig } from '../config';
import type { BenchArgs } from './args';
import type { CpuMonitor } from './cpu';
import type { Fixtures } from './fixtures';
import type { ProcessRegistry } from './processes';
import type { Teardown } from './teardown';
import type { TsChild } from './ts-child';

/** Everything a scenario needs, set up once by run.ts. */
export interface BenchContext {
  args: BenchArgs;
  config: BenchConfig;
  registry: ProcessRegistry;
  /** Clean-up steps run at the end, on failure and on Ctrl-C (last added, first run). */
  teardown: Teardown;
  cpu: CpuMonitor;
  mysql: TestMysqlDatabase;
  postgres: TestPostgresDatabase;
  postgrest: TsChild<PostgrestCommands, PostgrestInfo>;
  fixtures: Fixtures;
  /** Preload for the service and the CLI (the compiled service-guard). */
  guard: string;
  /** The compiled service's entry point (dist/main.js unless --dist). */
  serviceMain: string;
  /** Where compileHelpers put the guard and the baselines. */
  helpersDir: string;
  /** Scratch directory of this run (the service's working directory). */
  scratchDir: string;
  /** Unique per run, so notification ids never repeat across runs. */
  runId: string;
}
