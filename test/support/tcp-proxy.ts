/**
 * A TCP proxy in front of a real server (MariaDB, the PostgREST or Intercom double) that a test
 * can cut and restore, to simulate an outage without stopping the machine's server.
 * While cut, open connections are destroyed and new ones are refused.
 *
 * Opt-in, `resetIdleAfterMs`: a gateway that forgets idle keep-alive connections (FIELD-NOTES,
 * "Reset keep-alive sockets"). A client connection that carried nothing either way for longer
 * than that is reset (TCP RST, `socket.resetAndDestroy()`) when the client next sends on it:
 * the request is not forwarded, the client sees ECONNRESET. `resets` counts them.
 *
 * Opt-in, `blackHole()`: open connections stop forwarding in both directions and nothing is
 * closed, as when a NAT, load balancer or proxy forgets a connection silently: whatever the
 * client sends gets no answer and its socket stays open. New connections still pass, unless
 * asked to be black-holed too (accepted, then never answered: not even the server's greeting).
 * `restore()` lets new connections through again; the black-holed ones stay lost, as in the
 * network.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface BlackHoleOptions {
  /** What becomes of connections opened afterwards: `pass` (default) or `black-hole`. */
  newConnections?: 'pass' | 'black-hole';
}

export interface TcpProxy {
  port: number;
  /** Client connections reset for having been idle too long (resetIdleAfterMs). */
  readonly resets: number;
  cut(): void;
  restore(): void;
  /** Open connections stop forwarding both ways; nothing is closed. */
  blackHole(options?: BlackHoleOptions): void;
  /** Connections open through the proxy now, black-holed ones included. */
  openConnections(): number;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Reset a client connection idle longer than this (ms) when it is next used. */
  resetIdleAfterMs?: number;
}

/** One client connection and, unless it was black-holed from the start, its upstream. */
interface Link {
  client: Socket;
  upstream?: Socket;
  holed: boolean;
}

/** Stops forwarding: what arrives from either side is read and dropped. */
function swallow(link: Link): void {
  link.holed = true;
  link.client.unpipe();
  link.upstream?.unpipe();
  // unpipe() paused them: read on, so that nothing backs up into the senders' buffers.
  for (const socket of [link.client, link.upstream]) socket?.on('data', () => undefined).resume();
}

/**
 * Forwards client → upstream, resetting the client's connection instead when it was idle past
 * `idleMs` (time since the last byte either way).
 */
function forwardUnlessIdle(link: Link, upstream: Socket, idleMs: number, onReset: () => void) {
  const { client } = link;
  let lastActive = Date.now();
  const touch = () => {
    lastActive = Date.now();
  };
  upstream.on('data', touch);
  client.on('data', (chunk: Buffer) => {
    if (link.holed) return;
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
  let holeNew = false;
  const sockets = new Set<Socket>();
  const links = new Set<Link>();
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const link: Link = { client, holed: false };
    links.add(link);
    sockets.add(client);
    if (holeNew) {
      const forget = () => {
        client.destroy();
        sockets.delete(client);
        links.delete(link);
      };
      client.on('error', forget).on('close', forget);
      swallow(link);
      return;
    }
    const upstream = connect(target.port, target.host);
    link.upstream = upstream;
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      links.delete(link);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    if (options.resetIdleAfterMs === undefined) client.pipe(upstream);
    else forwardUnlessIdle(link, upstream, options.resetIdleAfterMs, () => resets++);
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
      links.clear();
    },
    restore() {
      up = true;
      holeNew = false;
    },
    blackHole({ newConnections = 'pass' } = {}) {
      for (const link of links) swallow(link);
      holeNew = newConnections === 'black-hole';
    },
    openConnections() {
      return links.size;
    },
    close() {
      up = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
