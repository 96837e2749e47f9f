/**
 * A TCP proxy in front of a real server (MariaDB, the PostgREST or Intercom double) that a test
 * can cut and restore, to simulate an outage without stopping the machine's server.
 * While cut, open connections are destroyed and new ones are refused.
 *
 * Opt-in, `resetIdleAfterMs`: a gateway that forgets idle keep-alive connections (FIELD-NOTES,
 * "Reset keep-alive sockets"). A client connection that carried nothing either way for longer
 * than that is reset (TCP RST, `socket.resetAndDestroy()`) when the client next sends on it:
 * the request is not forwarded, the client sees ECONNRESET. `resets` counts them.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Client connections reset for having been idle too long (resetIdleAfterMs). */
  readonly resets: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Reset a client connection idle longer than this (ms) when it is next used. */
  resetIdleAfterMs?: number;
}

/**
 * Forwards client → upstream, resetting the client's connection instead when it was idle past
 * `idleMs` (time since the last byte either way).
 */
function forwardUnlessIdle(
  client: Socket,
  upstream: Socket,
  idleMs: number,
  onReset: () => void,
): void {
  let lastActive = Date.now();
  const touch = () => {
    lastActive = Date.now();
  };
  upstream.on('data', touch);
  client.on('data', (chunk: Buffer) => {
    if (Date.now() - lastActive > idleMs) {
      onReset();
      client.resetAndDestroy();
      upstream.destroy();
      return;
    }
    touch();
    if (!upstream.write(chunk)) {
      client.pause();
      upstream.once('drain', () => client.resume());
    }
  });
  client.on('end', () => upstream.end());
}

export async function startTcpProxy(
  target: { host: string; port: number },
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  let up = true;
  let resets = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    if (options.resetIdleAfterMs === undefined) client.pipe(upstream);
    else forwardUnlessIdle(client, upstream, options.resetIdleAfterMs, () => resets++);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get resets() {
      return resets;
    },
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      up = true;
    },
    close() {
      up = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
