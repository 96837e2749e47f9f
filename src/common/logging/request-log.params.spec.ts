import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinoHttp, type Options } from 'pino-http';
import type { DestinationStream } from 'pino';
import { waitFor } from '../../../test/support/wait-for';
import { requestLogParams } from './request-log.params';

type Line = Record<string, unknown>;

/** pino-http as requestLogParams configures it, on a server whose handler logs one line. */
async function serve(logLevel: 'debug' | 'warn'): Promise<{
  lines: Line[];
  url: string;
  server: Server;
}> {
  const lines: Line[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Line) };
  const params = requestLogParams(
    { logLevel, logPretty: false } as Parameters<typeof requestLogParams>[0],
    stream,
  );
  const [options, destination] = params.pinoHttp as [Options, DestinationStream];
  const middleware = pinoHttp(options, destination);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    middleware(req, res, () => {
      req.log.warn({ msg: 'handled' });
      res.statusCode = req.url === '/refused' ? 401 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { lines, url: `http://127.0.0.1:${port}`, server };
}

describe('requestLogParams', () => {
  let running: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(() => running?.server.close());

  it('binds only the request id to lines written while handling a request and to its request line', async () => {
    running = await serve('warn');
    const res = await fetch(`${running.url}/refused`, {
      headers: { 'x-request-id': 'proxy-id-1', authorization: 'Bearer secret-key' },
    });
    expect(res.headers.get('x-request-id')).toBe('proxy-id-1');
    await res.arrayBuffer();
    const lines = running.lines;
    await waitFor(() => lines.length === 2, 'two lines');
    const [handled, requestLine] = lines;
    expect(handled).toMatchObject({ msg: 'handled', request_id: 'proxy-id-1' });
    expect(requestLine).toMatchObject({
      request_id: 'proxy-id-1',
      method: 'GET',
      url: '/refused',
      status: 401,
      level: 40,
    });
    expect(typeof requestLine.responseTime).toBe('number');
    for (const line of lines) {
      expect(line).not.toHaveProperty('req');
      expect(line).not.toHaveProperty('res');
      expect(JSON.stringify(line)).not.toContain('secret-key');
    }
  });

  it('writes no request line for a 2xx unless debug is on, and a new id when none is sent', async () => {
    running = await serve('warn');
    await (await fetch(`${running.url}/ok`)).arrayBuffer();
    await waitFor(() => running!.lines.length === 1, 'the handler line');
    expect(running.lines[0].msg).toBe('handled');
    expect(running.lines[0].request_id).toMatch(/^[0-9a-f-]{36}$/);
    running.server.close();

    running = await serve('debug');
    await (await fetch(`${running.url}/ok`)).arrayBuffer();
    await waitFor(() => running!.lines.length === 2, 'the handler line and the request line');
    expect(running.lines[1]).toMatchObject({
      request_id: running.lines[0].request_id,
      status: 200,
      level: 20,
    });
  });
});
