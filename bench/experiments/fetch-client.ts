/**
 * Evidence for the positions read: client CPU per request of Node's built-in
 * fetch (undici), node-fetch over a keep-alive agent (what supabase-js is
 * given, src/positions/supabase/keep-alive-fetch.ts), the same wrapped in the retry
 * policy and per-request time limit (src/positions/supabase/supabase-fetch.ts, with a
 * caller deadline as the lookup passes it) and a bare http.get, each GETting a small JSON
 * body from a server in another process, 16 in flight.
 *
 *   npx ts-node --transpile-only bench/experiments/fetch-client.ts
 */
import { fork } from 'node:child_process';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signalUntil } from '../../src/common/http/retry/deadline-signal';
import { keepAliveFetch } from '../../src/positions/supabase/keep-alive-fetch';
import { supabaseFetch } from '../../src/positions/supabase/supabase-fetch';

const REQUESTS = 4000;
const IN_FLIGHT = 16;
const BODY = JSON.stringify([{ positiontype: 'Facility President' }]);
const HEADERS = { apikey: 'key', authorization: 'Bearer key', accept: 'application/json' };

function serve(): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(BODY);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
}

async function measure(name: string, request: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (started++ < REQUESTS) await request();
    }),
  );
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${name.padEnd(24)} ${(REQUESTS / seconds).toFixed(0).padStart(6)} req/s ` +
      `${((used.user + used.system) / REQUESTS).toFixed(0).padStart(5)} µs client CPU per request`,
  );
}

async function main(): Promise<void> {
  const child = fork(__filename, ['server'], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => child.once('message', resolve));
  const url = `http://127.0.0.1:${port}/rest/v1/positions?select=positiontype`;
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const connections = { maxSockets: IN_FLIGHT, idleTimeoutMs: 5000 };
  const nodeFetch = keepAliveFetch(connections).fetch;
  const retrying = supabaseFetch({ timeoutMs: 5000, connections });
  const clients: Record<string, () => Promise<unknown>> = {
    'fetch (undici)': async () =>
      (await fetch(url, { headers: HEADERS, signal: AbortSignal.timeout(5000) })).json(),
    'node-fetch, keep-alive': async () =>
      (await nodeFetch(url, { headers: HEADERS, signal: AbortSignal.timeout(5000) })).json(),
    'supabaseFetch (retrying)': async () =>
      (await retrying(url, { headers: HEADERS, signal: signalUntil(Date.now() + 10_000) })).json(),
    'http.get, keep-alive': () =>
      new Promise((resolve, reject) => {
        get(url, { agent, headers: HEADERS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        }).on('error', reject);
      }),
  };
  // Three rounds each, alternated; the first is a warm-up.
  for (let round = 0; round < 3; round++) {
    for (const [name, request] of Object.entries(clients)) await measure(name, request);
  }
  child.kill();
}

if (process.argv[2] === 'server') serve();
else void main();
