/** What Linux says about a process: resident memory and CPU time, from /proc. */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcMemory {
  /** VmRSS: resident now, MiB. */
  rssMb: number;
  /** VmHWM: highest resident so far, MiB. */
  peakRssMb: number;
}

function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

export function readMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: statusKb(status, 'VmRSS') / 1024, peakRssMb: statusKb(status, 'VmHWM') / 1024 };
}

export interface ProcCpu {
  pid: number;
  /** The executable's name (comm), e.g. node, mariadbd, postgres. */
  name: string;
  /** User + system CPU seconds used so far, all threads. */
  cpuSeconds: number;
}

/** Parses /proc/<pid>/stat; undefined when the process is gone. */
export function readCpu(pid: number): ProcCpu | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm is in parentheses and may hold spaces; the fields after it are space separated.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { pid, name: stat.slice(open + 1, close), cpuSeconds: ticks / TICKS_PER_SECOND };
}

/** CPU seconds of every process on the machine now. */
export function readAllCpu(): ProcCpu[] {
  const all: ProcCpu[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = readCpu(Number(entry));
    if (cpu) all.push(cpu);
  }
  return all;
}
