import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';
import { ConfigValidationError, parseEnv } from './common/config/env.schema';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // One line, naming the variable and never its value.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const env = parseEnv(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, APP_OPTIONS);
  configureApp(app);
  await app.listen(env.PORT);
  handleShutdown(app, env.INBOX_DRAIN_TIMEOUT_MS);
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
