import type { INestApplicationContext } from '@nestjs/common';
import type { MemberSyncReport } from '../../member-sync';
import { MemberSyncService } from '../../member-sync';
import { CliError, EXIT, type ExitCode } from '../cli-exit';
import { formatDuration } from '../duration';
import { createRefreshProgress } from '../refresh-progress';

export interface RefreshOptions {
  /** The full reconciliation: every contact that carries a member_number. */
  all: boolean;
  /** Only this member (and its USER by email when no contact carries the number). */
  member?: string;
  dryRun: boolean;
  signal: AbortSignal;
}

/** Kinds of change listed in the summary; the rest are counted in one line. */
const MAX_CHANGE_LINES = 20;

const HEADLINE: Record<MemberSyncReport['kind'], string> = {
  incremental: 'Refresh of changed members',
  full: 'Full reconciliation',
  member: 'Refresh of one member',
};

/** The summary on standard output: counts, then each kind of change and on how many contacts. */
export function formatRefreshReport(report: MemberSyncReport, elapsedMs: number): string {
  const end =
    report.end === 'interrupted'
      ? 'interrupted; run it again to go on.'
      : report.end === 'incomplete'
        ? `INCOMPLETE: Intercom's search could not be walked to its end (${report.incomplete}). ` +
          'The contacts it found were compared and written; others may still be out of date. ' +
          'Run it again; see docs/operations.md if it keeps happening.'
        : 'complete.';
  const lines = [
    `${report.dryRun ? '[dry run, nothing written] ' : ''}${HEADLINE[report.kind]} ${end}`,
    `  members examined   ${report.membersExamined}`,
    `  contacts compared  ${report.contactsCompared}`,
    `  contacts ${report.dryRun ? 'to write' : 'written '}  ${report.contactsWritten}`,
    `  failed             ${report.failed}`,
    `  ${formatDuration(elapsedMs / 1000)}`,
  ];
  const changes = [...report.changes.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
  if (changes.length > 0) {
    lines.push(report.dryRun ? 'Would change:' : 'Changed:');
    for (const [label, count] of changes.slice(0, MAX_CHANGE_LINES)) {
      lines.push(`  ${label}: ${count} contact${count === 1 ? '' : 's'}`);
    }
    if (changes.length > MAX_CHANGE_LINES) {
      lines.push(`  … and ${changes.length - MAX_CHANGE_LINES} other kind(s) of change`);
    }
  } else {
    lines.push('Every contact compared was up to date.');
  }
  if (report.failures.length > 0) {
    lines.push('Failures (first ones):');
    for (const failure of report.failures)
      lines.push(`  member ${failure.memberNumber}: ${failure.error}`);
  }
  return lines.join('\n');
}

/** `refresh [--all] [--member <number>] [--dry-run]` (docs/reference.md, "Operator commands" and "Member data stays current"). */
export async function runRefresh(
  app: INestApplicationContext,
  options: RefreshOptions,
): Promise<ExitCode> {
  const sync = app.get(MemberSyncService);
  const started = Date.now();
  const progress = createRefreshProgress();
  const runOptions = {
    dryRun: options.dryRun,
    signal: options.signal,
    onProgress: (update: Parameters<typeof progress.update>[0]) => progress.update(update),
  };
  let report: MemberSyncReport;
  try {
    if (options.member !== undefined) report = await sync.runMember(options.member, runOptions);
    else if (options.all) report = await sync.runFull(runOptions);
    else report = await sync.runIncremental(runOptions);
  } finally {
    progress.stop();
  }
  if (report.end === 'busy') {
    throw new CliError(
      'The member sync is running in another process (the service or another refresh). ' +
        'Wait for it to end, then run this again.',
    );
  }
  if (options.member !== undefined && report.membersExamined === 0) {
    throw new CliError(`No member has the number ${options.member}.`);
  }
  console.log(formatRefreshReport(report, Date.now() - started));
  return report.failed === 0 && report.end === 'completed' ? EXIT.ok : EXIT.failed;
}
