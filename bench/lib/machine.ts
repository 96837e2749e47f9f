/** The machine and software the figures belong to. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import type { TestMysqlDatabase, TestPostgresDatabase } from '../../test/support/databases';
import { REPO_ROOT } from './paths';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  kernel: string;
  mariadb: string;
  postgres: string;
  commit: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(
  mysql: TestMysqlDatabase,
  postgres: TestPostgresDatabase,
): Promise<MachineInfo> {
  const [mariadb] = await mysql.query<Array<{ v: string }>>('SELECT VERSION() AS v');
  const pg = await postgres.client.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );
  const dirty = git(['status', '--porcelain', '--', 'src']) !== '';
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    mariadb: mariadb.v,
    postgres: pg.rows[0]?.v ?? 'unknown',
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' (src/ has uncommitted changes)' : ''}`,
  };
}
