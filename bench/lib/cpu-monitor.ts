/**
 * Who used the CPU during a measurement: the bench itself (load generator),
 * each process it started, the two databases, and everything else. The last
 * figure tells whether the machine was shared with other heavy work.
 */
import { performance } from 'node:perf_hooks';
import { readAllCpu, type ProcCpu } from './proc';
import type { ProcessRegistry } from './processes';

export interface CpuSnapshot {
  at: number;
  processes: Map<number, ProcCpu>;
}

export interface CpuUse {
  seconds: number;
  /** Average cores used over the interval, by group. */
  cores: Record<string, number>;
  /** The busiest processes outside the benchmark, for the report. */
  others: Array<{ name: string; cores: number }>;
}

const DATABASES: Record<string, string> = {
  mariadbd: 'mariadb',
  mysqld: 'mariadb',
  postgres: 'postgres',
};

export class CpuMonitor {
  constructor(private readonly registry: ProcessRegistry) {}

  snapshot(): CpuSnapshot {
    return { at: performance.now(), processes: new Map(readAllCpu().map((p) => [p.pid, p])) };
  }

  since(start: CpuSnapshot): CpuUse {
    const end = this.snapshot();
    const seconds = (end.at - start.at) / 1000;
    const cores: Record<string, number> = {};
    const others = new Map<string, number>();
    for (const [pid, now] of end.processes) {
      const used = now.cpuSeconds - (start.processes.get(pid)?.cpuSeconds ?? now.cpuSeconds);
      if (used <= 0) continue;
      const group =
        pid === process.pid
          ? 'bench'
          : (this.registry.nameOf(pid) ?? DATABASES[now.name] ?? 'other');
      cores[group] = (cores[group] ?? 0) + used / seconds;
      if (group === 'other') others.set(now.name, (others.get(now.name) ?? 0) + used / seconds);
    }
    return {
      seconds,
      cores,
      others: [...others]
        .map(([name, used]) => ({ name, cores: used }))
        .sort((a, b) => b.cores - a.cores)
        .slice(0, 5),
    };
  }
}
