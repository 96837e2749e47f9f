import type { INestApplicationContext } from '@nestjs/common';
import { ContactBackfillService, type BackfillReport } from '../../intercom/backfill';
import { createProgressReporter } from '../backfill-progress';
import { EXIT, type ExitCode } from '../cli-exit';
import { formatDuration } from '../duration';

export interface BackfillCommandOptions {
  since?: { label: string; ms: number };
  dryRun: boolean;
  limit?: number;
  restart: boolean;
  signal: AbortSignal;
}

const HEADLINE: Record<BackfillReport['end'], string> = {
  completed: 'Backfill complete.',
  limit_reached: 'Backfill paused at --limit; run it again to continue.',
  interrupted: 'Backfill interrupted; run the same command again to continue.',
  stopped_on_failures:
    'Backfill stopped: every contact of a page failed (is Intercom, MySQL or Supabase down?). ' +
    'Run it again to retry that page.',
  incomplete:
    "Backfill INCOMPLETE: Intercom's search kept answering a page it had given before, so the walk " +
    'could not reach its end. What it saw was enriched; run the same command again to go on from there.',
};

/** The summary on standard output: what happened, then what happened to how many contacts. */
export function formatBackfillReport(report: BackfillReport, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? (report.processed / seconds).toFixed(1) : '0.0';
  const resumed =
    report.resumedAfterPages === null
      ? ''
      : ` Continued a run that had finished ${report.resumedAfterPages} page(s).`;
  const counts: Array<[string, number]> = [
    [report.dryRun ? 'would enrich' : 'enriched', report.counts.enriched],
    ['not a member', report.counts.notMember],
    ['skipped', report.counts.skipped],
    ['failed', report.counts.failed],
  ];
  const lines = [
    `${report.dryRun ? '[dry run, nothing written] ' : ''}${HEADLINE[report.end]}${resumed}`,
    ...(report.incomplete === undefined ? [] : [`  (${report.incomplete})`]),
    ...counts.map(([label, count]) => `  ${label.padEnd(12)}  ${count}`),
    `  ${report.processed} contact(s) in ${report.pages} page(s), ${formatDuration(seconds)} (${rate}/s)`,
  ];
  if (report.failures.length > 0) {
    lines.push('Failures (first ones):');
    for (const failure of report.failures) lines.push(`  ${failure.contactId}: ${failure.error}`);
  }
  return lines.join('\n');
}

/** `backfill [--since <duration>] [--dry-run] [--limit N] [--restart]` (docs/reference.md, "Operator commands"). */
export async function runBackfill(
  app: INestApplicationContext,
  options: BackfillCommandOptions,
): Promise<ExitCode> {
  const started = Date.now();
  const progress = createProgressReporter({ dryRun: options.dryRun });
  let report: BackfillReport;
  try {
    report = await app.get(ContactBackfillService).run({
      ...options,
      onProgress: (update) => progress.update(update),
    });
  } finally {
    progress.stop();
  }
  console.log(formatBackfillReport(report, Date.now() - started));
  const finished = report.end === 'completed' || report.end === 'limit_reached';
  return finished && report.counts.failed === 0 ? EXIT.ok : EXIT.failed;
}
