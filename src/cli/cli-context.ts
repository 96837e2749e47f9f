import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, parseEnv } from '../common/config/env.schema';
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
  try {
    parseEnv(process.env);
  } catch (error) {
    // One line naming the variable, never its value, as at the service's start.
    if (error instanceof ConfigValidationError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
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
