/**
 * A small typed request/answer protocol over Node's IPC channel, between the
 * bench process and the helper processes it starts (doubles, baselines).
 */
import type { ChildProcess } from 'node:child_process';

/** command name → its argument and its result */
export type CommandMap = Record<string, { args: unknown; result: unknown }>;

type Message =
  | { kind: 'call'; id: number; command: string; args: unknown }
  | { kind: 'reply'; id: number; ok: boolean; result?: unknown; error?: string }
  | { kind: 'ready'; info: unknown };

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && 'kind' in value;

/** The parent's end: calls the child's commands. */
export class IpcClient<C extends CommandMap> {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Message & { kind: 'reply' }) => void>();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown) => {
      if (!isMessage(message) || message.kind !== 'reply') return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
    child.once('exit', () => {
      for (const answer of this.pending.values())
        answer({ kind: 'reply', id: 0, ok: false, error: 'child exited' });
      this.pending.clear();
    });
  }

  /** Resolves with what the child announced once it is ready; rejects if it exits or takes a minute. */
  static ready<T>(child: ChildProcess, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not start in 60 s`)), 60_000);
      child.on('message', (message: unknown) => {
        if (isMessage(message) && message.kind === 'ready') resolve(message.info as T);
      });
      child.once('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal})`)));
    }).finally(() => clearTimeout(timer));
  }

  call<K extends keyof C & string>(
    command: K,
    args: C[K]['args'],
    timeoutMs = 30_000,
  ): Promise<C[K]['result']> {
    const id = this.nextId++;
    return new Promise<C[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`IPC ${command} timed out`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.ok) resolve(reply.result);
        else reject(new Error(reply.error ?? 'child failed'));
      });
      this.child.send({ kind: 'call', id, command, args } satisfies Message);
    });
  }
}

/** The child's end: answers calls, and ends the process when the parent goes away. */
export function serveIpc<C extends CommandMap>(
  handlers: { [K in keyof C]: (args: C[K]['args']) => C[K]['result'] | Promise<C[K]['result']> },
  onParentGone: () => void,
): void {
  const send = (message: Message): void => {
    if (process.connected) process.send?.(message);
  };
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.kind !== 'call') return;
    const handler = handlers[message.command] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown ${message.command}`);
        return handler(message.args);
      })
      .then(
        (result) => send({ kind: 'reply', id: message.id, ok: true, result }),
        (error: unknown) =>
          send({ kind: 'reply', id: message.id, ok: false, error: String(error) }),
      );
  });
  process.once('disconnect', onParentGone);
}

export function announceReady(info: unknown): void {
  process.send?.({ kind: 'ready', info } satisfies Message);
}
