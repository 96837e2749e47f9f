import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { appConfig } from './common/config/app.config';
import { readConfiguration } from './common/config/environment';
import { ConfigValidationError, type Env } from './common/config/env.schema';
import { mysqlConfig } from './common/config/mysql.config';
import { MysqlUnreachableError, waitForMysql } from './common/database/wait-for-mysql';
import { BootstrapLogger, createBootstrapLogger } from './common/logging/bootstrap-logger';
import { nestListingAtDebug } from './common/logging/nest-listing-at-debug';
import { logListening, logStartUpSummary } from './common/logging/start-up-log';

async function bootstrap(): Promise<void> {
  let env: Env;
  try {
    // The environment and .env together (the environment wins), checked as a whole, before
    // anything else is loaded or started.
    env = readConfiguration();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // One line per wrong variable, naming it and never its value. Plain text: the log
      // level and format are configuration too, and may be what is wrong.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { logLevel, logPretty } = appConfig();
  const logger = createBootstrapLogger({ level: logLevel, pretty: logPretty });
  logStartUpSummary(logger, env);
  try {
    if (env.DB_TYPE === 'mysql') await waitForDatabase(logger);
    // Loaded once the configuration is known good: a wrong variable is reported in a moment,
    // not after the whole application's modules have loaded.
    const [{ AppModule }, { APP_OPTIONS, configureApp }] = await Promise.all([
      import('./app.module'),
      import('./app.setup'),
    ]);
    // Nest's own start-up lines, and a failed start, go through pino too (JSON lines);
    // once the app exists, configureApp hands over to the application's logger.
    const app = await NestFactory.create<NestExpressApplication>(AppModule, {
      ...APP_OPTIONS,
      logger: nestListingAtDebug(logger),
    });
    configureApp(app);
    await app.listen(env.PORT);
    logListening(logger, app.getHttpServer().address());
    handleShutdown(app, env.INBOX_DRAIN_TIMEOUT_MS);
  } catch (error) {
    // A port in use, a failed migration…: JSON lines, not an unhandled rejection's text.
    // Nest holds its start-up lines back until listen succeeds (bufferLogs): write them first.
    NestLogger.flush();
    const details =
      error instanceof Error
        ? { type: error.name, message: error.message, stack: error.stack }
        : { message: String(error) };
    logger.error({ msg: 'Start-up failed, exiting', error: details });
    process.exit(1);
  }
}

/**
 * Waits for MySQL before Nest connects, so that a database that starts after
 * the service (or restarts with it) is waited for with backoff, one log line
 * per attempt, instead of failing the start at once. Exits 1 after
 * MYSQL_STARTUP_WAIT_MS, or at once when the login or database is refused.
 */
async function waitForDatabase(logger: BootstrapLogger): Promise<void> {
  const mysql = mysqlConfig();
  const { host, port, startupWaitMs: budgetMs } = mysql;
  try {
    const { attempts, elapsedMs } = await waitForMysql(mysql, {
      budgetMs,
      onRetry: (notice) =>
        logger.warn({ msg: 'MySQL not reachable yet, retrying', ...notice, budgetMs }),
    });
    if (attempts > 1) logger.log({ msg: 'MySQL reachable', host, port, attempts, elapsedMs });
  } catch (error) {
    if (!(error instanceof MysqlUnreachableError)) throw error;
    logger.error({
      msg: error.permanent
        ? 'MySQL refused the connection, exiting'
        : 'MySQL not reachable within MYSQL_STARTUP_WAIT_MS, exiting',
      host,
      port,
      attempts: error.attempts,
      elapsedMs: error.elapsedMs,
      budgetMs,
      code: error.code,
      ...(error.serverMessage === undefined ? {} : { reason: error.serverMessage }),
    });
    process.exit(1);
  }
}

/**
 * On SIGTERM or SIGINT: stop taking work, let the inbox worker drain within
 * its bound and hand back the rest (InboxWorker.beforeApplicationShutdown),
 * close connections, exit 0. A close that hangs past the bound exits 1.
 */
function handleShutdown(app: NestExpressApplication, drainTimeoutMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log({ msg: 'Shutting down', signal });
    setTimeout(() => {
      logger.error({ msg: 'Shutdown took too long, exiting' });
      process.exit(1);
    }, drainTimeoutMs + 5_000).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({
          msg: 'Shutdown failed',
          error: error instanceof Error ? error.message : String(error),
        });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void bootstrap();
