/**
 * The service under test: `node dist/main.js` in a child process of its own,
 * configured only through its environment (never the bench's own, so a
 * developer's real Intercom token can never be used here), with the guard preloaded.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MYSQL } from '../../test/support/databases';
import {
  BENCH_CLIENT_SECRET,
  BENCH_INTERCOM_TOKEN,
  BENCH_LOOKUP_KEY,
  BENCH_SERVICE_ROLE_KEY,
} from './constants';
import type { BenchContext } from './context';
import { freePort, statusOf } from './net';
import { REPO_ROOT } from './paths';
import type { ChildHandle } from './processes';

export interface RunningService {
  name: string;
  url: string;
  handle: ChildHandle;
  stop(): Promise<void>;
}

/** Nothing listens on the discard port: a service without a double points here. */
const NO_INTERCOM = 'http://127.0.0.1:9';
const STARTUP_TIMEOUT_MS = 60_000;

/** The service's configuration for the bench: production mode, quiet logs, the bench's databases. */
export function serviceEnv(
  ctx: BenchContext,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    MYSQL_HOST: MYSQL.host,
    MYSQL_PORT: String(MYSQL.port),
    MYSQL_USER: MYSQL.user,
    MYSQL_PASS: MYSQL.password,
    MYSQL_DB: ctx.mysql.name,
    SUPABASE_URL: ctx.postgrest.info.url,
    SUPABASE_SERVICE_ROLE_KEY: BENCH_SERVICE_ROLE_KEY,
    INTERCOM_CLIENT_SECRET: BENCH_CLIENT_SECRET,
    // Production refuses to start without a token; with no double it reaches nothing.
    INTERCOM_ACCESS_TOKEN: BENCH_INTERCOM_TOKEN,
    INTERCOM_API_BASE_URL: NO_INTERCOM,
    LOOKUP_API_KEYS: BENCH_LOOKUP_KEY,
    // The bench is one caller sending thousands of lookups a second: counted, never throttled.
    // The Express reference gets the same limit and window.
    LOOKUP_RATE_LIMIT: '1000000000',
    LOOKUP_RATE_WINDOW_MS: '1000',
    // Only the freshness measurement runs the sync inside the service; the others would see
    // its rounds' calls and queries in what they measure.
    MEMBER_SYNC_ENABLED: 'false',
    ...overrides,
  };
}

/** Starts the compiled service and waits for its first healthy `GET /api/health`. */
export async function startService(
  ctx: BenchContext,
  env: Record<string, string>,
): Promise<RunningService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const handle = ctx.registry.spawn(
    'service',
    process.execPath,
    ['-r', ctx.guard, ctx.serviceMain],
    {
      // A scratch directory, so no developer's .env is picked up.
      cwd: ctx.scratchDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // A build copied elsewhere (--dist) still finds the project's packages.
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        ...env,
        PORT: String(port),
      },
    },
  );
  let exited = false;
  void handle.exited.then(() => (exited = true));
  while ((await statusOf(`${url}/api/health`, 500)) !== 200) {
    if (exited) throw new Error(`the service exited during start-up:\n${handle.output()}`);
    if (Date.now() - started > STARTUP_TIMEOUT_MS) {
      await handle.stop();
      throw new Error(`the service was not healthy after ${STARTUP_TIMEOUT_MS} ms`);
    }
    await sleep(5);
  }
  return { name: 'service', url, handle, stop: () => handle.stop(15_000) };
}
