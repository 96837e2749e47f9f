import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveFetch } from './keep-alive-fetch';

const LIMITS = { maxSockets: 4, idleTimeoutMs: 5_000 };

describe('keepAliveFetch', () => {
  let server: Server;
  let url: string;
  let connections: number;

  beforeEach(async () => {
    connections = 0;
    server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, apikey: req.headers.apikey ?? null }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers like fetch and sends the headers it is given, as supabase-js passes them', async () => {
    const { fetch } = keepAliveFetch(LIMITS);
    const response = await fetch(`${url}/rest/v1/positions?select=*`, {
      headers: new Headers({ apikey: 'service-key' }),
    });
    expect(response.ok).toBe(true);
    expect(await response.json()).toEqual({
      path: '/rest/v1/positions?select=*',
      apikey: 'service-key',
    });
  });

  it('reuses one connection for requests one after the other', async () => {
    const { fetch } = keepAliveFetch(LIMITS);
    for (let i = 0; i < 5; i++) await (await fetch(`${url}/n${i}`)).json();
    expect(connections).toBe(1);
  });

  it('closes a connection left idle past the timeout, and opens a new one for the next request', async () => {
    const { fetch } = keepAliveFetch({ maxSockets: 4, idleTimeoutMs: 100 });
    await (await fetch(`${url}/first`)).json();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await (await fetch(`${url}/second`)).json();
    expect(connections).toBe(2);
  });

  it('closes the idle connections when asked, and opens a fresh one for the next request', async () => {
    const transport = keepAliveFetch(LIMITS);
    await (await transport.fetch(`${url}/first`)).json();
    transport.dropIdleConnections();
    await (await transport.fetch(`${url}/second`)).json();
    expect(connections).toBe(2);
  });

  it('gives up when the signal aborts, as the Supabase timeout needs', async () => {
    const { fetch } = keepAliveFetch(LIMITS);
    await expect(fetch(`${url}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow(
      /abort/i,
    );
  });
});
