/**
 * Who used the CPU during a measurement (from /proc): the bench, the processes
 * it started, the databases, and everything else ("other", the machine's busy
 * time less theirs): when "other" is high, the machine was shared and the
 * figures are noisier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from './log';
import type { ProcessRegistry } from './processes';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;
const DATABASES: Record<string, string> = {
  mariadbd: 'mariadb',
  mysqld: 'mariadb',
  postgres: 'postgres',
};

interface Snapshot {
  at: number;
  /** CPU seconds the whole machine has been busy (/proc/stat), every process counted, ended ones too. */
  machine: number;
  /** pid → [executable name, CPU seconds so far] */
  processes: Map<number, [string, number]>;
}

function snapshot(): Snapshot {
  const processes = new Map<number, [string, number]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      processes.set(Number(entry), [
        name,
        (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      ]);
    } catch {
      // gone meanwhile
    }
  }
  const ticks = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
  const busy = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0) - ticks[3] - ticks[4];
  return { at: performance.now(), machine: busy / TICKS_PER_SECOND, processes };
}

export class CpuMonitor {
  constructor(private readonly registry: ProcessRegistry) {}

  snapshot = snapshot;

  /** Average cores used since `start`, by group; `others`: the busiest processes outside the bench. */
  since(start: Snapshot): { cores: Record<string, number>; others: string } {
    const end = snapshot();
    const seconds = (end.at - start.at) / 1000;
    const cores: Record<string, number> = {};
    const others: Array<[string, number]> = [];
    for (const [pid, [name, now]] of end.processes) {
      // A process born meanwhile used all its CPU time in the interval.
      const used = (now - (start.processes.get(pid)?.[1] ?? 0)) / seconds;
      if (used <= 0) continue;
      const group =
        pid === process.pid ? 'bench' : (this.registry.nameOf(pid) ?? DATABASES[name] ?? 'other');
      cores[group] = (cores[group] ?? 0) + used;
      if (group === 'other') others.push([name, used]);
    }
    // "other" from the machine's total: processes that started and ended meanwhile count too.
    const ours = Object.entries(cores).reduce((sum, [g, c]) => sum + (g === 'other' ? 0 : c), 0);
    cores.other = Math.max(cores.other ?? 0, (end.machine - start.machine) / seconds - ours);
    others.sort((a, b) => b[1] - a[1]);
    return {
      cores,
      others: others
        .slice(0, 5)
        .map(([n, c]) => `${n} ${c.toFixed(2)}`)
        .join(', '),
    };
  }

  /**
   * Waits up to `maxWaitSec` for other heavy work (test runs, builds) to end: until other
   * processes and the databases use under a quarter of a core. Answers a note when they do not.
   */
  async waitForQuiet(maxWaitSec: number): Promise<string | undefined> {
    const deadline = Date.now() + maxWaitSec * 1000;
    for (;;) {
      const start = snapshot();
      await sleep(1000);
      const { cores, others } = this.since(start);
      const busy = (cores.other ?? 0) + (cores.mariadb ?? 0) + (cores.postgres ?? 0);
      if (busy < 0.25) return undefined;
      if (Date.now() > deadline) {
        return `other work used ${busy.toFixed(2)} cores when the run started (${others}): figures are noisier`;
      }
      log(`machine busy (${busy.toFixed(2)} cores: ${others}); waiting for it to calm down`);
      await sleep(2000);
    }
  }
}
