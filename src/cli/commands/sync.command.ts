import type { INestApplicationContext } from '@nestjs/common';
import type { Member } from '../../members';
import { MemberRepository } from '../../members';
import { ContactEnrichmentService, type ContactEnrichment } from '../../intercom/enrichment';
import { CliError, EXIT, type ExitCode } from '../cli-exit';

export interface SyncOptions {
  member?: string;
  email?: string;
  dryRun: boolean;
}

const quoted = (value: string | null): string =>
  value === null ? '(none)' : JSON.stringify(value);

function describe(result: ContactEnrichment, dryRun: boolean): string {
  switch (result.outcome) {
    case 'updated':
      return dryRun ? 'would be updated' : 'updated';
    case 'unchanged':
      return 'already up to date';
    case 'contact_not_found':
      return 'gone from Intercom';
    case 'failed':
      return `FAILED: ${result.error ?? 'unknown error'}`;
    default:
      return result.outcome;
  }
}

/** The lines the operator sees: each contact, and each field that changed, old → new. */
export function formatSync(member: Member, results: ContactEnrichment[], dryRun: boolean): string {
  const lines = [
    `Member ${member.memberNumber}: ${member.firstName} ${member.lastName} <${member.email ?? ''}>`,
  ];
  const width = Math.max(0, ...results.flatMap((r) => r.changes.map((c) => c.field.length)));
  for (const result of results) {
    lines.push(`Contact ${result.contactId} (${result.role}): ${describe(result, dryRun)}`);
    for (const change of result.changes) {
      lines.push(`  ${change.field.padEnd(width)}  ${quoted(change.from)} → ${quoted(change.to)}`);
    }
  }
  return lines.join('\n');
}

/**
 * The member `--member` or `--email` names.
 * @throws CliError (exit 1) when no Active or Retired member has it.
 */
export async function findMember(
  app: INestApplicationContext,
  options: Pick<SyncOptions, 'member' | 'email'>,
): Promise<Member> {
  const members = app.get(MemberRepository);
  const member = options.member
    ? await members.findByNumber(options.member)
    : await members.findByEmail(options.email ?? '');
  if (!member) {
    const which = options.member ? `number ${options.member}` : `email ${options.email ?? ''}`;
    throw new CliError(`No Active or Retired member has the ${which}.`);
  }
  return member;
}

/** `sync --member <number>` / `sync --email <address>` (docs/reference.md, "Operator commands"). */
export async function runSync(
  app: INestApplicationContext,
  options: SyncOptions,
): Promise<ExitCode> {
  const member = await findMember(app, options);
  if (!member.email) {
    throw new CliError(
      `Member ${member.memberNumber} has no email address: no Intercom contact can be matched.`,
    );
  }
  const results = await app.get(ContactEnrichmentService).refreshMember(member, {
    dryRun: options.dryRun,
  });
  if (results.length === 0) {
    throw new CliError(
      `No Intercom contact has the email ${member.email} (member ${member.memberNumber}).`,
    );
  }
  console.log(formatSync(member, results, options.dryRun));
  return results.some((result) => result.outcome === 'failed') ? EXIT.failed : EXIT.ok;
}
