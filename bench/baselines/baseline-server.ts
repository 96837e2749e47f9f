import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, serveIpc } from '../lib/ipc';
import type { BaselineCommands, BaselineInfo } from './baseline.protocol';

/**
 * What every baseline child does with its server: listen on a free loopback
 * port, tell the bench where, and close on SIGTERM or when the bench says so.
 */
export async function serveBaseline(server: Server): Promise<void> {
  if (!server.listening) server.listen(0, '127.0.0.1');
  if (!server.listening) await once(server, 'listening');
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  serveIpc<BaselineCommands>({}, stop);
  const info: BaselineInfo = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  announceReady(info);
}
