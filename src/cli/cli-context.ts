import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readConfiguration } from '../common/config/environment';
import { ConfigValidationError, type Env } from '../common/config/env.schema';
import { mysqlConfig } from '../common/config/mysql.config';
import { MysqlUnreachableError, waitForMysql } from '../common/database/wait-for-mysql';
import { CliError, EXIT } from './cli-exit';
import { CliLogger } from './cli.logger';
import { CliModule } from './cli.module';

/**
 * Runs `work` in a Nest application context over CliModule and closes it
 * afterwards (the inbox worker hands back what it holds, pools close).
 */
export async function withCliContext<T>(
  options: { verbose: boolean },
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  // The CLI never starts claiming webhooks by itself; `replay` starts the worker explicitly.
  process.env.INBOX_WORKER_ENABLED = 'false';
  let env: Env;
  try {
    env = readConfiguration();
  } catch (error) {
    // One line per wrong variable, naming it, never its value, as at the service's start.
    if (error instanceof ConfigValidationError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
  if (env.DB_TYPE === 'mysql') await ensureMysqlReachable();
  const app = await NestFactory.createApplicationContext(CliModule, {
    logger: new CliLogger(options.verbose ? 'log' : 'warn'),
    // Report a failed start (MySQL down…) as an error, instead of aborting the process.
    abortOnError: false,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** What to check when MySQL cannot be reached or lacks the member tables. */
export const MYSQL_HINT =
  'Check MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASS and MYSQL_DB (in the environment or .env); ' +
  'to create the member schema in a new database, run test/sql/members-schema.sql.';

/**
 * One attempt (connect timeout 2 s), no retries: an operator at a terminal is
 * better served by a prompt answer than by the service's start-up wait. Done
 * before Nest starts, so that a failure is one line (CliError) instead of
 * TypeORM's retry line and Nest's exception report.
 *
 * @throws CliError (exit 1) naming host, port, the driver's code and MYSQL_HINT.
 */
async function ensureMysqlReachable(): Promise<void> {
  try {
    await waitForMysql(mysqlConfig(), { budgetMs: 0 });
  } catch (error) {
    if (error instanceof MysqlUnreachableError) {
      throw new CliError(`${error.message}. ${MYSQL_HINT}`, EXIT.failed);
    }
    throw error;
  }
}
