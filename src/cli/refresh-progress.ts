import { Presets, SingleBar } from 'cli-progress';
import type { MemberSyncProgress } from '../member-sync';

/** Seconds between plain progress lines when standard error is not a terminal (logs, CI). */
const LINE_INTERVAL_MS = 5_000;

export interface RefreshProgressReporter {
  update(progress: MemberSyncProgress): void;
  stop(): void;
}

/**
 * `refresh` progress on standard error (standard output keeps the summary): a bar
 * redrawn in place on a terminal, else a line every few seconds.
 */
export function createRefreshProgress(
  stream: NodeJS.WriteStream = process.stderr,
): RefreshProgressReporter {
  const counts = (p: MemberSyncProgress) => `written ${p.written} · failed ${p.failed}`;
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: 'refresh {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {counts}',
        hideCursor: true,
        etaBuffer: 100,
      },
      Presets.shades_classic,
    );
    let running = false;
    return {
      update(progress) {
        if (!running) {
          bar.start(progress.total, progress.done, { counts: counts(progress) });
          running = true;
          return;
        }
        bar.setTotal(progress.total);
        bar.update(progress.done, { counts: counts(progress) });
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  let last = Date.now();
  return {
    update(progress) {
      if (Date.now() - last < LINE_INTERVAL_MS) return;
      last = Date.now();
      stream.write(`refresh: ${progress.done}/${progress.total} · ${counts(progress)}\n`);
    },
    stop() {},
  };
}
