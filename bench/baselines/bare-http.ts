/**
 * The ceiling for any Node service on this machine: node:http that reads the
 * body and answers {"received":true}, nothing else.
 */
import { createServer } from 'node:http';
import { serveBaseline } from './baseline-server';

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
  await serveBaseline(server);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
