import { Command, InvalidArgumentError, Option } from 'commander';
import { isWellFormedText } from '../common/text/well-formed';
import type { BackfillCommandOptions } from './commands/backfill.command';
import type { RefreshOptions } from './commands/refresh.command';
import type { ReplayTarget } from './commands/replay.command';
import type { SetupOptions } from './commands/setup.command';
import type { SyncOptions } from './commands/sync.command';
import { EXIT, type ExitCode } from './cli-exit';
import { parseDuration } from './duration';

export interface CommonOptions {
  verbose: boolean;
}

/** What the commands do; kept apart so that `--help` and usage errors load no Nest module. */
export interface CliActions {
  sync(options: SyncOptions, common: CommonOptions): Promise<ExitCode>;
  backfill(
    options: Omit<BackfillCommandOptions, 'signal'>,
    common: CommonOptions,
  ): Promise<ExitCode>;
  replay(target: ReplayTarget, common: CommonOptions): Promise<ExitCode>;
  setup(options: SetupOptions, common: CommonOptions): Promise<ExitCode>;
  refresh(options: Omit<RefreshOptions, 'signal'>, common: CommonOptions): Promise<ExitCode>;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a positive whole number.');
  }
  return Number(value);
}

/** Text with a lone surrogate names nothing the database or Intercom holds: bad usage. */
function wellFormed(value: string): string {
  if (!isWellFormedText(value)) throw new InvalidArgumentError('is not well-formed Unicode text.');
  return value;
}

/** Digits name a row; anything else is Intercom's notification id (theirs start with `notif_`). */
function replayId(value: string): ReplayTarget {
  if (/^\d+$/.test(value)) return { id: positiveInteger(value) };
  const notificationId = wellFormed(value).trim();
  if (notificationId === '') throw new InvalidArgumentError('must not be empty.');
  return { notificationId };
}

function duration(value: string): { label: string; ms: number } {
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new InvalidArgumentError('must be a number and a unit: 90s, 30m, 12h, 7d or 2w.');
  }
  return { label: value.trim(), ms };
}

/**
 * Member numbers are digits (`membernumber VARCHAR(16)`): anything else names
 * no member, so it is bad usage, refused before any connection is made.
 */
function memberNumber(value: string): string {
  if (!/^\d{1,16}$/.test(wellFormed(value).trim())) {
    throw new InvalidArgumentError('must be a member number: 1 to 16 digits.');
  }
  return value.trim();
}

function email(value: string): string {
  if (!/^[^\s@]+@[^\s@]+$/.test(wellFormed(value).trim())) {
    throw new InvalidArgumentError('is not an email address.');
  }
  return value.trim();
}

const verbose = () => new Option('-v, --verbose', 'also show info logs and stack traces');

/**
 * `npm run cli -- <command>`: sync, backfill, replay, setup. Usage errors exit 2
 * (commander's exits are turned into errors by exitOverride and mapped in main.ts).
 */
export function buildProgram(actions: CliActions, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('natca-intercom')
    .description(
      'Operator commands of the NATCA Intercom service: sync, backfill and refresh (contacts), ' +
        "replay (recorded notifications), setup (the workspace's contact data attributes).",
    )
    // Inherited by every command below: errors instead of process.exit, no stray arguments.
    .exitOverride()
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 some items failed, 2 bad usage.\n' +
        'Reads the same environment and .env as the service. See docs/operations.md.',
    );

  program
    .command('sync')
    .description("enrich a member's Intercom contact(s) now and print what changed")
    .addOption(
      new Option('--member <number>', 'the member number (digits)')
        .argParser(memberNumber)
        .conflicts('email'),
    )
    .addOption(new Option('--email <address>', "the member's email address").argParser(email))
    .option('--dry-run', 'show what would change, write nothing')
    .addOption(verbose())
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- sync --member 12345\n  npm run cli -- sync --email john.doe@example.com --dry-run',
    )
    .action(
      async (
        opts: { member?: string; email?: string; dryRun?: boolean; verbose?: boolean },
        command: Command,
      ) => {
        if (opts.member === undefined && opts.email === undefined) {
          command.error('error: give --member <number> or --email <address>', {
            exitCode: EXIT.usage,
          });
        }
        setExitCode(
          await actions.sync(
            { member: opts.member, email: opts.email, dryRun: opts.dryRun === true },
            { verbose: opts.verbose === true },
          ),
        );
      },
    );

  program
    .command('backfill')
    .description(
      'enrich Intercom contacts that have an email and no member_number, page by page; ' +
        'an interrupted run continues where it stopped',
    )
    .addOption(
      new Option(
        '--since <duration>',
        'only contacts updated within this window (e.g. 7d)',
      ).argParser(duration),
    )
    .option('--dry-run', 'look up everything, write nothing to Intercom, save no position')
    .addOption(
      new Option('--limit <n>', 'stop after n contacts (run again to continue)').argParser(
        positiveInteger,
      ),
    )
    .option('--restart', 'forget the saved position of this search and start over')
    .addOption(verbose())
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- backfill --dry-run\n  npm run cli -- backfill --since 7d\n' +
        '  npm run cli -- backfill --limit 500   # then run it again to continue\n' +
        'Ctrl-C stops after the current page, whose position is saved.',
    )
    .action(
      async (opts: {
        since?: { label: string; ms: number };
        dryRun?: boolean;
        limit?: number;
        restart?: boolean;
        verbose?: boolean;
      }) => {
        setExitCode(
          await actions.backfill(
            {
              since: opts.since,
              dryRun: opts.dryRun === true,
              limit: opts.limit,
              restart: opts.restart === true,
            },
            { verbose: opts.verbose === true },
          ),
        );
      },
    );

  program
    .command('replay')
    .description('process a recorded notification again (by its id), or every failed one')
    .argument(
      '[id]',
      "Intercom's notification id (notif_…), or the row id (digits: `id` in the admin API)",
      replayId,
    )
    .option('--failed', 'replay every failed notification')
    .addOption(verbose())
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- replay notif_11aef68a-8049-4f29-bbd9-48a7adfc8f30\n' +
        '  npm run cli -- replay 42\n  npm run cli -- replay --failed',
    )
    .action(
      async (
        id: ReplayTarget | undefined,
        opts: { failed?: boolean; verbose?: boolean },
        command: Command,
      ) => {
        if ((id === undefined) === (opts.failed !== true)) {
          command.error('error: give a notification id or --failed (not both)', {
            exitCode: EXIT.usage,
          });
        }
        setExitCode(
          await actions.replay(id ?? { failed: true }, {
            verbose: opts.verbose === true,
          }),
        );
      },
    );

  program
    .command('setup')
    .description(
      'create the contact data attributes the service writes (member_number, member_type, ' +
        'region, facility, positions) where the Intercom workspace lacks them; run once ' +
        'after INTERCOM_ACCESS_TOKEN is set',
    )
    .option('--dry-run', 'list what exists and what would be created, create nothing')
    .addOption(verbose())
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- setup --dry-run\n  npm run cli -- setup\n' +
        'Attributes that exist are left alone: running it again is harmless.',
    )
    .action(async (opts: { dryRun?: boolean; verbose?: boolean }) => {
      setExitCode(
        await actions.setup({ dryRun: opts.dryRun === true }, { verbose: opts.verbose === true }),
      );
    });

  program
    .command('refresh')
    .description(
      'bring enriched Intercom contacts up to date with the member database now, as the ' +
        'member sync does every MEMBER_SYNC_INTERVAL_MS, and print what changed',
    )
    .option('--all', 'the full reconciliation: every contact that carries a member_number')
    .addOption(
      new Option('--member <number>', 'only this member (digits)')
        .argParser(memberNumber)
        .conflicts('all'),
    )
    .option('--dry-run', 'show what would change, write nothing')
    .addOption(verbose())
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- refresh                 # members changed since the last run\n' +
        '  npm run cli -- refresh --all --dry-run\n  npm run cli -- refresh --member 12345\n' +
        'Ctrl-C stops after the current member; a full run continues from its last page.',
    )
    .action(
      async (opts: { all?: boolean; member?: string; dryRun?: boolean; verbose?: boolean }) => {
        setExitCode(
          await actions.refresh(
            { all: opts.all === true, member: opts.member, dryRun: opts.dryRun === true },
            { verbose: opts.verbose === true },
          ),
        );
      },
    );

  return program;
}
