import type { INestApplicationContext } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { BackfillBusyError, BackfillCursorRejectedError } from '../intercom/backfill';
import { readConfiguration } from '../common/config/environment';
import { IntercomDryRunError } from '../intercom/gateway';
import type { CliActions, CommonOptions } from './cli-program';
import { MYSQL_HINT, withCliContext } from './cli-context';
import { CliError, EXIT, type ExitCode } from './cli-exit';
import { runBackfill } from './commands/backfill.command';
import { runRefresh } from './commands/refresh.command';
import { runReplay } from './commands/replay.command';
import { runSetup } from './commands/setup.command';
import { runSync } from './commands/sync.command';
import {
  backfillWithoutToken,
  refreshWithoutToken,
  replayWithoutToken,
  setupWithoutToken,
  syncWithoutToken,
} from './commands/without-token';

/** Failures an operator can act on, told in their terms (no stack trace). */
function explain(error: unknown): unknown {
  if (error instanceof IntercomDryRunError) {
    return new CliError('INTERCOM_ACCESS_TOKEN is not set: the CLI cannot read from Intercom.');
  }
  if (error instanceof BackfillBusyError) {
    return new CliError(`${error.message}. Wait for it to end, then run this again.`);
  }
  if (error instanceof BackfillCursorRejectedError) {
    return new CliError(`${error.message}. Run the backfill with --restart to start over.`);
  }
  if (
    error instanceof QueryFailedError &&
    (error as { code?: unknown }).code === 'ER_NO_SUCH_TABLE'
  ) {
    // Most often MYSQL_DB names a database without the member tables.
    return new CliError(`${error.message}. ${MYSQL_HINT}`);
  }
  return error;
}

/**
 * The first Ctrl-C (or SIGTERM) asks the command to stop at a safe point; a
 * second one ends the process at once.
 */
async function interruptible<T>(
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.failed);
    console.error(message);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function inContext(
  common: CommonOptions,
  work: (app: INestApplicationContext) => Promise<ExitCode>,
): Promise<ExitCode> {
  try {
    return await withCliContext(common, work);
  } catch (error) {
    throw explain(error);
  }
}

/**
 * Whether Intercom can be reached at all. Without a token each command says what it would do
 * instead (commands/without-token.ts). A configuration that does not parse counts as "yes":
 * the command's context then reports every wrong variable.
 */
function hasToken(): boolean {
  try {
    return readConfiguration().INTERCOM_ACCESS_TOKEN !== undefined;
  } catch {
    return true;
  }
}

/** Loaded only when a command runs (see main.ts). */
export const cliActions: CliActions = {
  sync: (options, common) =>
    inContext(common, (app) =>
      hasToken() ? runSync(app, options) : syncWithoutToken(app, options),
    ),
  backfill: async (options, common) =>
    !hasToken()
      ? backfillWithoutToken(options)
      : interruptible('Stopping after the current page… (Ctrl-C again to stop now)', (signal) =>
          inContext(common, (app) => runBackfill(app, { ...options, signal })),
        ),
  replay: async (target, common) =>
    !hasToken()
      ? replayWithoutToken(target)
      : interruptible(
          'Stopping: notifications not processed yet stay pending… (Ctrl-C again to stop now)',
          (signal) => inContext(common, (app) => runReplay(app, target, signal)),
        ),
  setup: async (options, common) =>
    !hasToken()
      ? setupWithoutToken(options.dryRun)
      : inContext(common, (app) => runSetup(app, options)),
  refresh: async (options, common) =>
    !hasToken()
      ? refreshWithoutToken(options)
      : interruptible('Stopping after the current member… (Ctrl-C again to stop now)', (signal) =>
          inContext(common, (app) => runRefresh(app, { ...options, signal })),
        ),
};
