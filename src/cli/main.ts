import 'reflect-metadata';
import { CommanderError } from 'commander';
import { loadDotEnv } from '../common/config/environment';
import { buildProgram, type CliActions } from './cli-program';
import { CliError, EXIT, type ExitCode } from './cli-exit';

/** The commands' modules (Nest, TypeORM, the Intercom SDK) load only when a command runs. */
const actions: CliActions = {
  sync: async (...args) => (await import('./cli-actions')).cliActions.sync(...args),
  backfill: async (...args) => (await import('./cli-actions')).cliActions.backfill(...args),
  replay: async (...args) => (await import('./cli-actions')).cliActions.replay(...args),
  setup: async (...args) => (await import('./cli-actions')).cliActions.setup(...args),
  refresh: async (...args) => (await import('./cli-actions')).cliActions.refresh(...args),
};

function report(error: unknown, verbose: boolean): ExitCode {
  // Commander has printed its message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliError) {
    console.error(`error: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`error: ${message}`);
  if (verbose && error instanceof Error && error.stack) console.error(error.stack);
  else console.error('(run again with --verbose for details)');
  return EXIT.failed;
}

async function main(argv: string[]): Promise<ExitCode> {
  // The same configuration as the service: the environment and .env together (the environment wins).
  loadDotEnv();
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram(actions, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return report(error, argv.includes('--verbose') || argv.includes('-v'));
  }
}

// Explicit exit: a pool's idle socket or keep-alive timer must not keep a finished command alive.
void main(process.argv).then((code) => process.exit(code));
