/**
 * The ceiling for any Node service on this machine: node:http that reads the
 * body and answers {"received":true}, nothing else.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, serveIpc } from '../lib/ipc';
import type { BaselineCommands, BaselineInfo } from './baseline.protocol';

const ANSWER = '{"received":true}';

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(ANSWER),
      });
      res.end(ANSWER);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  serveIpc<BaselineCommands>({}, stop);
  const info: BaselineInfo = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  announceReady(info);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
