/**
 * A small typed request/answer protocol over Node's IPC channel, between the
 * bench process and the helper processes it starts (doubles, service guard).
 */
import type { ChildProcess } from 'node:child_process';

/** command name → its argument and its result */
export type CommandMap = Record<string, { args: unknown; result: unknown }>;

interface CallMessage {
  kind: 'call';
  id: number;
  command: string;
  args: unknown;
}
interface ReplyMessage {
  kind: 'reply';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
interface ReadyMessage {
  kind: 'ready';
  info: unknown;
}
type Message = CallMessage | ReplyMessage | ReadyMessage;

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** The parent's end: waits for the child's `ready`, then calls its commands. */
export class IpcClient<C extends CommandMap> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown) => {
      if (!isMessage(message) || message.kind !== 'reply') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error ?? 'child failed'));
    });
    child.once('exit', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('child exited'));
      this.pending.clear();
    });
  }

  /** Resolves with what the child announced once it is ready. */
  static ready<T>(child: ChildProcess, what: string, timeoutMs = 60_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: unknown): void => {
        if (!isMessage(message) || message.kind !== 'ready') return;
        cleanup();
        resolve(message.info as T);
      };
      const onExit = (code: number | null, signal: string | null): void => {
        cleanup();
        reject(new Error(`${what} exited before it was ready (${code ?? signal})`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
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
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const message: CallMessage = { kind: 'call', id, command, args };
      this.child.send(message);
    });
  }
}

export type Handlers<C extends CommandMap> = {
  [K in keyof C]: (args: C[K]['args']) => C[K]['result'] | Promise<C[K]['result']>;
};

/** The child's end: answers calls, and ends the process when the parent goes away. */
export function serveIpc<C extends CommandMap>(
  handlers: Handlers<C>,
  onParentGone: () => void,
): void {
  const send = (message: Message): void => {
    if (process.connected) process.send?.(message);
  };
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.kind !== 'call') return;
    const handler = handlers[message.command] as ((args: unknown) => unknown) | undefined;
    if (!handler) {
      send({ kind: 'reply', id: message.id, ok: false, error: `unknown ${message.command}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => send({ kind: 'reply', id: message.id, ok: true, result }),
        (error: unknown) =>
          send({ kind: 'reply', id: message.id, ok: false, error: String(error) }),
      );
  });
  process.once('disconnect', onParentGone);
}

export function announceReady(info: unknown): void {
  const message: ReadyMessage = { kind: 'ready', info };
  process.send?.(message);
}
