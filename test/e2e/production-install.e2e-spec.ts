/**
 * The compiled service runs from a production install (docs/deployment.md): after the build,
 * a copy holding only package.json, package-lock.json and the compiled tree gets
 * `npm ci --omit=dev`, and `node dist/main.js` starts from it with NODE_ENV=production,
 * without the repository's packages anywhere on its resolution path. This is what the
 * Dockerfile's final stage and the App Platform spec do.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildMain,
  startMain,
  stopMain,
  untilAlive,
  type MainBuild,
} from '../support/compiled-main';
import { run } from '../support/compiled-service';
import { createMysqlDatabase, type TestMysqlDatabase } from '../support/databases';
import { mysqlEnv } from '../support/mysql-env';
import { freePort } from '../support/service-process';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..');

describe('production install (npm ci --omit=dev after the build)', () => {
  let build: MainBuild;
  let mysql: TestMysqlDatabase;
  let app: string;

  beforeAll(async () => {
    [build, mysql, app] = await Promise.all([
      buildMain(),
      createMysqlDatabase(),
      mkdtemp(join(tmpdir(), 'natca-prod-install-')),
    ]);
    await Promise.all([
      cp(build.dir, join(app, 'dist'), { recursive: true }),
      cp(join(ROOT, 'package.json'), join(app, 'package.json')),
      cp(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json')),
    ]);
    // As in the Dockerfile: no install script runs (none is needed, see "What runs at install").
    const install = await run(
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      app,
      'npm',
    );
    if (install.code !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.output}`);
  });

  afterAll(async () => {
    await Promise.all([build?.remove(), mysql?.drop(), rm(app, { recursive: true, force: true })]);
  });

  it('installs no development package', () => {
    for (const devOnly of ['jest', '@nestjs/cli', 'ts-jest', 'eslint', '@electric-sql/pglite']) {
      expect({ devOnly, installed: existsSync(join(app, 'node_modules', devOnly)) }).toEqual({
        devOnly,
        installed: false,
      });
    }
    expect(existsSync(join(app, 'node_modules', '@nestjs', 'core'))).toBe(true);
  });

  it('starts node dist/main.js in production, says where it listens, and answers liveness and readiness', async () => {
    const port = await freePort();
    const service = startMain(
      join(app, 'dist', 'main.js'),
      {
        NODE_ENV: 'production',
        PORT: String(port),
        ...mysqlEnv(mysql.name),
        INTERCOM_ACCESS_TOKEN: 'install-token',
        INTERCOM_API_BASE_URL: 'http://127.0.0.1:9',
        INTERCOM_CLIENT_SECRET: 'install-secret',
        LOOKUP_API_KEYS: 'install-lookup-key',
        SUPABASE_URL: 'http://127.0.0.1:9',
        SUPABASE_SERVICE_ROLE_KEY: 'install-service-role-key',
        SUPABASE_TIMEOUT_MS: '1000',
        INBOX_WORKER_ENABLED: 'false',
        MEMBER_SYNC_ENABLED: 'false',
      },
      // Only the install's own node_modules: no NODE_PATH to the repository's.
      { cwd: app, nodePath: false },
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      await untilAlive(service, url);
      const ready = await fetch(`${url}/api/health/ready`);
      const body = (await ready.json()) as { details: Record<string, { status: string }> };
      // MySQL answers; nothing listens at the Supabase address, so readiness says which is down.
      expect(ready.status).toBe(503);
      expect(body.details.mysql).toEqual({ status: 'up' });
      expect(body.details.supabase.status).toBe('down');
      const docs = await fetch(`${url}/api/docs-json`);
      expect(docs.status).toBe(200);
    } finally {
      await stopMain(service);
    }
    expect(await service.exited).toBe(0);
    // It says where it listens, as its last start-up line.
    const listening = service
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"Listening on '))
      .map((line) => JSON.parse(line) as { port?: number });
    expect(listening).toEqual([expect.objectContaining({ port })]);
  });
});
