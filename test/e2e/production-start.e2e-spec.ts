/**
 * Starting the service as an operator does (docs/deployment.md): the platform sets
 * NODE_ENV=production, the secrets are in `.env`; bad configuration is reported all at once;
 * the start log says where it listens and what is off; readiness does not fail for a
 * dependency that is not configured. The compiled service as a child process, in a working
 * directory of the test's own (with or without a `.env`).
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMysqlDatabase, type TestMysqlDatabase } from '../support/databases';
import {
  buildMain,
  startMain,
  stopMain,
  untilAlive,
  type MainBuild,
} from '../support/compiled-main';
import { mysqlEnv } from '../support/mysql-env';
import { freePort } from '../support/service-process';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

/** Recognisable values, so that any trace of them in the output is found. */
const NEW_SECRET = 'prod-new-secret-5d1c';
const OLD_SECRET = 'prod-old-secret-9a7e';
const TOKEN = 'prod-intercom-token-3b8f';
const LOOKUP_KEY = 'prod-lookup-key-7c2a';
const SERVICE_ROLE_KEY = 'prod-service-role-key-1e4d';
const PINO_WARN = 40;

type Entry = Record<string, unknown>;

function entries(text: string): Entry[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Entry);
}

function signed(body: string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

describe('production start (compiled service, child process)', () => {
  let build: MainBuild;
  let mysql: TestMysqlDatabase;
  let withDotEnv: string;
  let withoutDotEnv: string;

  beforeAll(async () => {
    [build, mysql, withDotEnv, withoutDotEnv] = await Promise.all([
      buildMain(),
      createMysqlDatabase(),
      mkdtemp(join(tmpdir(), 'natca-prod-env-')),
      mkdtemp(join(tmpdir(), 'natca-prod-none-')),
    ]);
    // As copied from .env.example and filled in: NODE_ENV=development stays in the file, and
    // the platform's NODE_ENV=production must win over it.
    await writeFile(
      join(withDotEnv, '.env'),
      [
        'NODE_ENV=development',
        `INTERCOM_ACCESS_TOKEN=${TOKEN}`,
        // A rotation: the new secret first, the old one still accepted.
        `INTERCOM_CLIENT_SECRET=${NEW_SECRET},${OLD_SECRET}`,
        `LOOKUP_API_KEYS=${LOOKUP_KEY}`,
        'SUPABASE_URL=http://127.0.0.1:9',
        `SUPABASE_SERVICE_ROLE_KEY=${SERVICE_ROLE_KEY}`,
        'INTERCOM_API_BASE_URL=http://127.0.0.1:9',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await Promise.all([
      build?.remove(),
      mysql?.drop(),
      rm(withDotEnv, { recursive: true, force: true }),
      rm(withoutDotEnv, { recursive: true, force: true }),
    ]);
  });

  it('NODE_ENV=production from the platform and the secrets in .env: starts, and acknowledges notifications signed with either rotated secret', async () => {
    const port = await freePort();
    const service = startMain(
      build.main,
      // Only the platform's part: NODE_ENV, the port and the database. The worker stays off:
      // this test is about the start and the acknowledgement, not about Intercom.
      {
        NODE_ENV: 'production',
        PORT: String(port),
        INBOX_WORKER_ENABLED: 'false',
        ...mysqlEnv(mysql.name),
      },
      { cwd: withDotEnv },
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      await untilAlive(service, url);
      for (const secret of [NEW_SECRET, OLD_SECRET]) {
        const body = JSON.stringify(conversationNotification(`contact-${secret}`));
        const res = await fetch(`${url}/api/intercom/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signed(body, secret) },
          body,
        });
        expect({ secret, status: res.status, body: await res.json() }).toEqual({
          secret,
          status: 200,
          body: { received: true },
        });
      }
      const other = JSON.stringify(conversationNotification('contact-other'));
      const refused = await fetch(`${url}/api/intercom/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signed(other, 'x') },
        body: other,
      });
      expect(refused.status).toBe(401);
      const rows = await mysql.query<Array<{ n: number }>>(
        'SELECT COUNT(*) AS n FROM intercom_notifications',
      );
      expect(Number(rows[0].n)).toBe(2);
    } finally {
      await stopMain(service);
    }
    const lines = entries(service.stdout());
    expect(lines[0]).toMatchObject({ nodeEnv: 'production', port });
    const output = `${service.stdout()}${service.stderr()}`;
    for (const secret of [NEW_SECRET, OLD_SECRET, TOKEN, LOOKUP_KEY, SERVICE_ROLE_KEY]) {
      expect(output).not.toContain(secret);
    }
  });

  it('production without INTERCOM_ACCESS_TOKEN refuses to start, with one line naming it', async () => {
    const service = startMain(
      build.main,
      {
        NODE_ENV: 'production',
        INTERCOM_CLIENT_SECRET: NEW_SECRET,
        LOOKUP_API_KEYS: LOOKUP_KEY,
        SUPABASE_URL: 'http://127.0.0.1:9',
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
        // Nothing listens there: a start that got past the configuration would fail otherwise.
        MYSQL_PORT: String(await freePort()),
        MYSQL_STARTUP_WAIT_MS: '0',
      },
      { cwd: withoutDotEnv },
    );
    expect(await service.exited).toBe(1);
    expect(service.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Invalid configuration: INTERCOM_ACCESS_TOKEN is required when NODE_ENV=production/,
      ),
    ]);
    expect(service.stdout()).toBe('');
  });

  it('three wrong variables are named in one start, one line each, without their values', async () => {
    const service = startMain(
      build.main,
      { PORT: 'eighty-80', TRUST_PROXY_HOPS: 'yes-please', MYSQL_POOL_SIZE: 'plenty-of' },
      { cwd: withoutDotEnv },
    );
    expect(await service.exited).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration: PORT must be a number',
      'Invalid configuration: TRUST_PROXY_HOPS must be a whole number of proxies (0 or more)',
      'Invalid configuration: MYSQL_POOL_SIZE must be a number',
    ]);
    for (const value of ['eighty-80', 'yes-please', 'plenty-of']) {
      expect(service.stderr()).not.toContain(value);
    }
  });

  it('development with MySQL only: the start log names the port and each degraded mode above Nest, and readiness is 200 naming each dependency', async () => {
    const port = await freePort();
    const service = startMain(
      build.main,
      {
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        PORT: String(port),
        MEMBER_SYNC_ENABLED: 'false',
        ...mysqlEnv(mysql.name),
      },
      { cwd: withoutDotEnv },
    );
    let ready: Response;
    let readyBody: unknown;
    try {
      const url = `http://127.0.0.1:${port}`;
      await untilAlive(service, url);
      ready = await fetch(`${url}/api/health/ready`);
      readyBody = await ready.json();
    } finally {
      await stopMain(service);
    }
    expect(ready.status).toBe(200);
    expect(readyBody).toMatchObject({
      status: 'ok',
      details: {
        mysql: { status: 'up' },
        supabase: {
          status: 'up',
          state: 'not configured',
          message: expect.stringContaining('SUPABASE_URL') as string,
        },
      },
    });

    const lines = entries(service.stdout());
    const nestStart = lines.findIndex((e) => e.msg === 'Starting Nest application...');
    expect(nestStart).toBeGreaterThan(0);
    const summary = lines.slice(0, nestStart);
    expect(summary[0]).toMatchObject({
      port,
      nodeEnv: 'development',
      msg: expect.stringContaining(`port ${port}`) as string,
    });
    const degraded = summary.filter((e) => e.level === PINO_WARN).map((e) => e.variable);
    expect(degraded).toEqual(
      expect.arrayContaining([
        'INTERCOM_ACCESS_TOKEN',
        'INTERCOM_CLIENT_SECRET',
        'SUPABASE_URL',
        'LOOKUP_API_KEYS',
      ]),
    );
    for (const variable of [
      'INTERCOM_ACCESS_TOKEN',
      'INTERCOM_CLIENT_SECRET',
      'SUPABASE_URL',
      'LOOKUP_API_KEYS',
    ]) {
      expect(summary.find((e) => e.variable === variable)?.msg).toEqual(expect.any(String));
    }
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: expect.stringMatching(new RegExp(`^Listening on .*port ${port}`)) as string,
        port,
      }),
    );
    // Nest's module and route listing is at debug, so not among these info lines.
    expect(
      lines.filter((e) =>
        ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(e.context as string),
      ),
    ).toEqual([]);
    expect(lines.length).toBeLessThan(25);
  });
});
