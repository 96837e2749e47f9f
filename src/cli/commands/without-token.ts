import type { INestApplicationContext } from '@nestjs/common';
import { MEMBER_CONTACT_ATTRIBUTES, memberContactChanges } from '../../intercom/enrichment';
import { PositionsService } from '../../positions';
import { CliError, EXIT, type ExitCode } from '../cli-exit';
import type { BackfillCommandOptions } from './backfill.command';
import type { RefreshOptions } from './refresh.command';
import type { ReplayTarget } from './replay.command';
import { findMember, type SyncOptions } from './sync.command';

/**
 * Without INTERCOM_ACCESS_TOKEN every command is a dry run (docs/operations.md, "Dry run"):
 * it reads nothing from and writes nothing to Intercom, and says what it would do. With
 * `--dry-run` that is what was asked (exit 0); without, nothing asked for was done (exit 1).
 */
export const NO_TOKEN_HEADLINE =
  '[Intercom dry run: INTERCOM_ACCESS_TOKEN is not set; nothing was read from or written to Intercom]';

function report(lines: readonly string[], dryRun: boolean): ExitCode {
  console.log([NO_TOKEN_HEADLINE, ...lines].join('\n'));
  if (dryRun) return EXIT.ok;
  throw new CliError(
    'INTERCOM_ACCESS_TOKEN is not set: nothing was done. Set it (environment or .env), then run this again.',
  );
}

/**
 * `sync` without a token: the member and the attributes its contacts would get, read from
 * MySQL and Supabase only. Which contacts carry the email, and what they hold now, is
 * Intercom's to say.
 */
export async function syncWithoutToken(
  app: INestApplicationContext,
  options: SyncOptions,
): Promise<ExitCode> {
  const member = await findMember(app, options);
  const titles = await app.get(PositionsService).currentTitles(member.memberNumber);
  const { customAttributes, phone } = memberContactChanges(member, titles);
  const written = { ...customAttributes, ...(phone === undefined ? {} : { phone }) };
  const width = Math.max(...Object.keys(written).map((name) => name.length));
  return report(
    [
      `Member ${member.memberNumber}: ${member.firstName} ${member.lastName} <${member.email ?? ''}>`,
      member.email
        ? `Would search Intercom for the contacts with the email ${member.email} and write, where they differ:`
        : 'The member has no email address: no Intercom contact could be matched. Would write:',
      ...Object.entries(written).map(
        ([name, value]) => `  ${name.padEnd(width)}  ${JSON.stringify(value)}`,
      ),
    ],
    options.dryRun,
  );
}

export function backfillWithoutToken(options: Omit<BackfillCommandOptions, 'signal'>): ExitCode {
  const since = options.since ? ` updated within ${options.since.label}` : '';
  const limit = options.limit ? `, at most ${options.limit} of them` : '';
  return report(
    [
      `Would search Intercom for the contacts with an email and no member_number${since}${limit},`,
      'look each email up in the member database, and write the member attributes to those that match.',
    ],
    options.dryRun,
  );
}

export function refreshWithoutToken(options: Omit<RefreshOptions, 'signal'>): ExitCode {
  const which = options.member
    ? `member ${options.member}`
    : options.all
      ? 'every contact that carries a member_number (the full reconciliation)'
      : 'the members changed since the last run';
  return report(
    [
      `Would compare the Intercom contacts of ${which} with the member database,`,
      'and write the attributes that differ.',
    ],
    options.dryRun,
  );
}

export function setupWithoutToken(dryRun: boolean): ExitCode {
  return report(
    [
      "Would list the workspace's contact data attributes, and create those missing among:",
      `  ${MEMBER_CONTACT_ATTRIBUTES.map(({ name }) => name).join(', ')} (data type string)`,
    ],
    dryRun,
  );
}

/** Replay has no --dry-run: processing rows now would settle them as dry runs, so it refuses. */
export function replayWithoutToken(target: ReplayTarget): ExitCode {
  const which =
    'failed' in target
      ? 'every failed notification'
      : `notification ${'id' in target ? `#${target.id}` : target.notificationId}`;
  return report([`Would process ${which} again. Nothing was replayed.`], false);
}
