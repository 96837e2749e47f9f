/**
 * The machine is shared: before measuring, wait a bounded time for other
 * heavy work (test runs, builds) to finish, and say so when it does not.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuMonitor } from './cpu-monitor';
import { num } from './format';
import { log } from './log';

/** Cores used by processes outside the benchmark that count as "busy". */
const BUSY_CORES = 0.25;

export async function waitForQuiet(
  cpu: CpuMonitor,
  maxWaitSec: number,
): Promise<string | undefined> {
  const deadline = Date.now() + maxWaitSec * 1000;
  for (;;) {
    const start = cpu.snapshot();
    await sleep(1000);
    const use = cpu.since(start);
    const busy = (use.cores.other ?? 0) + (use.cores.mariadb ?? 0) + (use.cores.postgres ?? 0);
    if (busy < BUSY_CORES) return undefined;
    const who = use.others.map((o) => `${o.name} ${num(o.cores, 2)}`).join(', ');
    if (Date.now() > deadline) {
      return `other work was using ${num(busy, 2)} cores when the run started (${who}); figures are noisier than usual`;
    }
    log(`machine busy (${num(busy, 2)} cores: ${who}); waiting for it to calm down`);
    await sleep(2000);
  }
}
