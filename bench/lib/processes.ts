/**
 * Every process the benchmark starts goes through one registry, so that all of
 * them are stopped at the end, on failure, on Ctrl-C, and (as a last resort)
 * killed synchronously when the bench process exits.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const TAIL_BYTES = 16 * 1024;

export interface ChildHandle {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** The last few kilobytes the process wrote to stdout and stderr, for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export class ProcessRegistry {
  private readonly children = new Map<number, ChildHandle>();

  spawn(name: string, command: string, args: string[], options: SpawnOptions): ChildHandle {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    const pid = child.pid;
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | string>((resolve) => {
      child.once('exit', (code, signal) => {
        this.children.delete(pid);
        resolve(code ?? signal ?? 'unknown');
      });
    });
    // A child that ended on its own must not take the bench down through its IPC channel.
    child.on('error', () => undefined);
    const handle: ChildHandle = {
      name,
      pid,
      child,
      exited,
      output: () => tail,
      stop: async (graceMs = 5000) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    this.children.set(pid, handle);
    return handle;
  }

  /** Name of a running child by pid (for CPU accounting). */
  nameOf(pid: number): string | undefined {
    return this.children.get(pid)?.name;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.values()].map((handle) => handle.stop()));
  }

  /** For process 'exit': no more event loop, so no waiting. */
  killAllNow(): void {
    for (const handle of this.children.values()) {
      try {
        process.kill(handle.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
