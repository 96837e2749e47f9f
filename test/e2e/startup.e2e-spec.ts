/**
 * The service's start as a child process (src/main.ts), seen by a supervisor
 * and a log pipeline: every line is JSON from the first one, an unreachable
 * MySQL is waited for with backoff within MYSQL_STARTUP_WAIT_MS (one line per
 * attempt, never the password), then the process exits 1; a MySQL that comes
 * up during the wait is used.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createMysqlDatabase, MYSQL, type TestMysqlDatabase } from '../support/databases';
import { mysqlEnv } from '../support/mysql-env';
import { freePort, spawnService } from '../support/service-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

/** Recognisable, so that any trace of it in the output is found. */
const PASSWORD = 'startup-Pw-7f3a91c2';
const RETRYING = 'MySQL not reachable yet, retrying';
const PINO_WARN = 40;
const PINO_ERROR = 50;

type Entry = Record<string, unknown>;

interface Watched {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** When each complete stdout line arrived (this process's clock), in order. */
  arrivals: number[];
  exited: Promise<{ code: number | null; at: number }>;
}

function watch(child: ChildProcess): Watched {
  let stdout = '';
  let stderr = '';
  const arrivals: number[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split('\n').length - 1;
    while (arrivals.length < complete) arrivals.push(Date.now());
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, arrivals, exited };
}

/** The lines of `text` that are not one JSON object each (expected: none). */
function notJson(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return typeof value !== 'object' || value === null || Array.isArray(value);
      } catch {
        return true;
      }
    });
}

function entries(text: string): Entry[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Entry);
}

describe('start-up (service as a child process)', () => {
  const children: ChildProcess[] = [];
  const start = (env: Record<string, string>): Watched => {
    const child = spawnService({ NODE_ENV: 'test', LOG_LEVEL: 'info', ...env });
    children.push(child);
    return watch(child);
  };

  afterAll(() => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('MySQL unreachable: JSON lines, one per attempt with host and port, then exit 1 within the budget', async () => {
    const budgetMs = 3_000;
    const nobody = await freePort();
    const service = start({
      MYSQL_HOST: '127.0.0.1',
      MYSQL_PORT: String(nobody),
      MYSQL_USER: 'root',
      MYSQL_PASS: PASSWORD,
      MYSQL_DB: 'natca',
      MYSQL_STARTUP_WAIT_MS: String(budgetMs),
      PORT: String(await freePort()),
    });

    const { code, at: exitedAt } = await service.exited;

    expect(code).toBe(1);
    expect(notJson(service.stdout())).toEqual([]);
    expect(notJson(service.stderr())).toEqual([]);
    const output = `${service.stdout()}${service.stderr()}`;
    expect(output).not.toContain(PASSWORD);
    // No stack trace, neither as text nor inside a JSON string.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('\\n    at ');

    const lines = entries(service.stdout());
    // First the start-up summary (the port, then each mode that is off, with its variable),
    // then the attempts.
    const first = lines.findIndex((e) => e.msg === RETRYING);
    expect(lines[0]).toMatchObject({ msg: expect.stringMatching(/^Starting on port /) as string });
    for (const entry of lines.slice(1, first)) expect(entry.variable).toEqual(expect.any(String));
    expect(lines[first]).toMatchObject({ msg: RETRYING, attempt: 1 });
    const attempts = lines.filter((e) => e.msg === RETRYING);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    attempts.forEach((entry, i) => {
      expect(entry).toMatchObject({
        level: PINO_WARN,
        host: '127.0.0.1',
        port: nobody,
        attempt: i + 1,
        code: 'ECONNREFUSED',
        budgetMs,
      });
      // Exponential backoff: 500 ms, then doubling; the last wait is what the budget has left.
      const full = 500 * 2 ** i;
      if (i < attempts.length - 1) expect(entry.nextWaitMs).toBe(full);
      else expect(entry.nextWaitMs).toEqual(expect.any(Number));
      expect(entry.nextWaitMs as number).toBeGreaterThan(0);
      expect(entry.nextWaitMs as number).toBeLessThanOrEqual(full);
    });

    // One final error line, last of all, then the exit.
    expect(lines.filter((e) => (e.level as number) >= PINO_ERROR)).toHaveLength(1);
    const final = lines[lines.length - 1];
    expect(final).toMatchObject({
      level: PINO_ERROR,
      msg: 'MySQL not reachable within MYSQL_STARTUP_WAIT_MS, exiting',
      host: '127.0.0.1',
      port: nobody,
      attempts: attempts.length + 1,
      code: 'ECONNREFUSED',
    });
    expect(final.elapsedMs as number).toBeGreaterThanOrEqual(budgetMs);
    expect(final.elapsedMs as number).toBeLessThan(budgetMs + 2_000);
    // Bounded in real time too: from the first attempt's line to the exit (module loading,
    // which depends on the machine's load, comes before it).
    expect(exitedAt - (lines[first].time as number)).toBeLessThan(budgetMs + 3_000);
    expect(exitedAt - service.arrivals[service.arrivals.length - 1]).toBeLessThan(1_000);
    for (const entry of lines) {
      expect(entry).not.toHaveProperty('err');
      expect(entry).not.toHaveProperty('stack');
    }
  });

  describe('with a database', () => {
    let mysql: TestMysqlDatabase;
    let proxy: TcpProxy;

    beforeAll(async () => {
      mysql = await createMysqlDatabase();
      proxy = await startTcpProxy({ host: MYSQL.host, port: MYSQL.port });
    });

    afterAll(async () => {
      await proxy?.close();
      await mysql?.drop();
    });

    it('MySQL that comes up during the wait: the service starts, answers /api/health, logs only JSON', async () => {
      // Down at first: the proxy accepts and drops every connection.
      proxy.cut();
      const port = await freePort();
      const service = start({
        ...mysqlEnv(mysql.name),
        MYSQL_PORT: String(proxy.port),
        MYSQL_STARTUP_WAIT_MS: '60000',
        PORT: String(port),
      });
      // Only once the service has retried twice does MySQL come up.
      await waitFor(
        () => entries(service.stdout()).filter((e) => e.msg === RETRYING).length >= 2,
        'two attempt lines',
        60_000,
      );
      expect(service.child.exitCode).toBeNull();
      proxy.restore();

      await waitFor(
        async () => {
          if (service.child.exitCode !== null) {
            throw new Error(`The service exited during start:\n${service.stdout().slice(-2000)}`);
          }
          return fetch(`http://127.0.0.1:${port}/api/health`).then(
            (res) => res.ok,
            () => false,
          );
        },
        'the service to answer /api/health',
        60_000,
      );

      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
      expect(notJson(service.stdout())).toEqual([]);
      expect(notJson(service.stderr())).toEqual([]);
      const lines = entries(service.stdout());
      expect(lines.filter((e) => e.msg === RETRYING)[0]).toMatchObject({
        level: PINO_WARN,
        host: MYSQL.host,
        port: proxy.port,
        attempt: 1,
        nextWaitMs: 500,
      });
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'MySQL reachable', host: MYSQL.host, port: proxy.port }),
      );
      // Nest's own start-up lines are JSON too, with their context.
      expect(lines).toContainEqual(
        expect.objectContaining({ context: 'NestFactory', msg: 'Starting Nest application...' }),
      );
      expect(lines.filter((e) => (e.level as number) >= PINO_ERROR)).toEqual([]);
    });

    it('a start that fails after MySQL (port in use): JSON lines and exit 1', async () => {
      const port = await freePort();
      const squatter: Server = createServer();
      await new Promise<void>((resolve) => squatter.listen(port, resolve));
      try {
        const service = start({ ...mysqlEnv(mysql.name), PORT: String(port) });

        const { code } = await service.exited;

        expect(code).toBe(1);
        expect(notJson(service.stdout())).toEqual([]);
        expect(notJson(service.stderr())).toEqual([]);
        const lines = entries(service.stdout());
        expect(lines).toContainEqual(
          expect.objectContaining({ context: 'NestFactory', msg: 'Starting Nest application...' }),
        );
        expect(lines[lines.length - 1]).toMatchObject({
          level: PINO_ERROR,
          msg: 'Start-up failed, exiting',
          error: { message: expect.stringContaining('EADDRINUSE') as string },
        });
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    });
  });
});
