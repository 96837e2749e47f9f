import { Presets, SingleBar } from 'cli-progress';
import type { BackfillProgress } from '../intercom/backfill';
import { formatDuration } from './duration';

/** Seconds between plain progress lines when standard error is not a terminal (logs, CI). */
const LINE_INTERVAL_MS = 5_000;

export interface ProgressReporter {
  update(progress: BackfillProgress): void;
  stop(): void;
}

/** The counts; a dry run enriches nothing, so it says what it would. */
function countsText(progress: BackfillProgress, dryRun: boolean): string {
  const { enriched, notMember, skipped, failed } = progress.counts;
  return (
    `${dryRun ? 'would enrich' : 'enriched'} ${enriched} · not a member ${notMember} · ` +
    `skipped ${skipped} · failed ${failed}`
  );
}

/** A bar with rate and ETA, redrawn in place on a terminal. */
class BarReporter implements ProgressReporter {
  private readonly bar: SingleBar;
  private readonly started = Date.now();
  private running = false;

  constructor(
    stream: NodeJS.WriteStream,
    label: string,
    private readonly dryRun: boolean,
  ) {
    this.bar = new SingleBar(
      {
        stream,
        format: `${label} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {counts}`,
        hideCursor: true,
        etaBuffer: 100,
      },
      Presets.shades_classic,
    );
  }

  update(progress: BackfillProgress): void {
    const seconds = (Date.now() - this.started) / 1000;
    const payload = {
      rate: seconds > 0 ? (progress.processed / seconds).toFixed(1) : '0.0',
      counts: countsText(progress, this.dryRun),
    };
    if (!this.running) {
      this.bar.start(progress.total, progress.processed, payload);
      this.running = true;
      return;
    }
    this.bar.setTotal(progress.total);
    this.bar.update(progress.processed, payload);
  }

  stop(): void {
    if (this.running) this.bar.stop();
  }
}

/** A line every few seconds, for output that is kept rather than watched. */
class LineReporter implements ProgressReporter {
  private readonly started = Date.now();
  private lastLine = Date.now();

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly label: string,
    private readonly dryRun: boolean,
  ) {}

  update(progress: BackfillProgress): void {
    const now = Date.now();
    if (now - this.lastLine < LINE_INTERVAL_MS) return;
    this.lastLine = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? progress.processed / seconds : 0;
    const percent =
      progress.total > 0 ? Math.floor((100 * progress.processed) / progress.total) : 0;
    const eta = rate > 0 ? formatDuration((progress.total - progress.processed) / rate) : '?';
    this.stream.write(
      `${this.label}: ${progress.processed}/${progress.total} (${percent}%) · ${rate.toFixed(1)}/s · ` +
        `ETA ${eta} · ${countsText(progress, this.dryRun)}\n`,
    );
  }

  stop(): void {}
}

/** Progress on standard error, so that standard output keeps only the summary. */
export function createProgressReporter(
  { dryRun }: { dryRun: boolean },
  stream: NodeJS.WriteStream = process.stderr,
  label = 'backfill',
): ProgressReporter {
  return stream.isTTY
    ? new BarReporter(stream, label, dryRun)
    : new LineReporter(stream, label, dryRun);
}
