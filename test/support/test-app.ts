/**
 * The real application (AppModule + configureApp), on a fresh MariaDB
 * database, a fresh PostgreSQL database behind the PostgREST-compatible
 * server, and whatever environment a test adds. Nothing is mocked but what
 * a test overrides explicitly.
 */
import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { __resetOutOfContextForTests as resetPinoOutOfContext } from 'nestjs-pino/PinoLogger';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp } from '../../src/app.setup';
import { LOG_STREAM } from '../../src/common/logging/log-stream.module';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from './databases';
import { LogCapture } from './log-capture';
import { mysqlEnv } from './mysql-env';
import { startIntercomDouble, type IntercomDouble } from './intercom-double/intercom-double';
import { startPostgrestServer, type PostgrestServer } from './postgrest/postgrest-server';
import { signBody } from '../../src/intercom/webhook/webhook-signature';

export const TEST_LOOKUP_KEY = 'test-lookup-key-0123456789';
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';
export const TEST_SERVICE_ROLE_KEY = 'test-service-role-key';
export const TEST_INTERCOM_TOKEN = 'test-intercom-token';
export const TEST_CLIENT_SECRET = 'test-client-secret';

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Modules imported next to AppModule (e.g. one providing an APP_GUARD). */
  imports?: ModuleMetadata['imports'];
  /** Adjusts the testing module before compile (overrideProvider and friends). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Reuse databases across apps in one test file (e.g. restarts). */
  mysql?: TestMysqlDatabase;
  postgres?: TestPostgresDatabase;
  /** Reuse a PostgREST double (e.g. one a proxy stands in front of); one is started otherwise. */
  postgrest?: PostgrestServer;
  /** Reuse an Intercom double (e.g. across a restart); one is started otherwise. */
  intercom?: IntercomDouble;
  /** Options for the Intercom double this harness starts. */
  intercomRateLimit?: { limit: number; windowMs: number };
}

export interface TestApp {
  app: NestExpressApplication;
  http: () => TestAgent;
  mysql: TestMysqlDatabase;
  postgres: TestPostgresDatabase;
  postgrest: PostgrestServer;
  intercom: IntercomDouble;
  logs: LogCapture;
  /** POSTs a notification to the webhook route, signed with the test client secret. */
  sendWebhook(payload: unknown, options?: { secret?: string | null }): request.Test;
  close(options?: { keepDatabases?: boolean }): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const mysql = options.mysql ?? (await createMysqlDatabase());
  const postgres = options.postgres ?? (await createPostgresDatabase());
  const postgrest =
    options.postgrest ??
    (await startPostgrestServer({
      connectionString: postgres.connectionString,
      serviceKey: TEST_SERVICE_ROLE_KEY,
    }));
  const intercom =
    options.intercom ??
    (await startIntercomDouble({
      token: TEST_INTERCOM_TOKEN,
      rateLimit: options.intercomRateLimit,
    }));
  const previousEnv = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...mysqlEnv(mysql.name),
    SUPABASE_URL: postgrest.url,
    SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
    SUPABASE_TIMEOUT_MS: '2000',
    MYSQL_QUERY_TIMEOUT_MS: '2000',
    LOOKUP_API_KEYS: TEST_LOOKUP_KEY,
    ADMIN_API_KEYS: TEST_ADMIN_KEY,
    INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
    INTERCOM_API_BASE_URL: intercom.url,
    INTERCOM_CLIENT_SECRET: TEST_CLIENT_SECRET,
    INTERCOM_ADMIN_ID: 'admin-from-config',
    INTERCOM_TIMEOUT_MS: '2000',
    INBOX_RETRY_BASE_MS: '50',
    INBOX_RETRY_MAX_MS: '500',
    INBOX_POLL_INTERVAL_MS: '100',
    INBOX_MAX_ATTEMPTS: '4',
    // Off unless a test turns it on: a sync round firing during another test would add
    // Intercom calls to the exact counts that test asserts (test/e2e/member-sync.e2e-spec.ts).
    MEMBER_SYNC_ENABLED: 'false',
    ...options.env,
  });
  const logs = new LogCapture();
  // nestjs-pino makes the logger for lines written outside a request (start-up lines among them)
  // once per process, on the first app's stream: each app's lines go to its own capture instead.
  resetPinoOutOfContext();
  let builder = Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] })
    .overrideProvider(LOG_STREAM)
    .useValue(logs);
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(APP_OPTIONS);
  configureApp(app);
  await app.init();
  return {
    app,
    http: () => request(app.getHttpServer()),
    mysql,
    postgres,
    postgrest,
    intercom,
    logs,
    sendWebhook(
      payload: unknown,
      { secret = TEST_CLIENT_SECRET }: { secret?: string | null } = {},
    ) {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const req = request(app.getHttpServer())
        .post('/api/intercom/webhook')
        .set('Content-Type', 'application/json');
      if (secret) req.set('X-Hub-Signature', signBody(body, secret));
      return req.send(body);
    },
    async close({ keepDatabases = false } = {}) {
      await app.close();
      if (!options.postgrest) await postgrest.close();
      if (!options.intercom) await intercom.close();
      process.env = previousEnv;
      if (!keepDatabases) {
        if (!options.mysql) await mysql.drop();
        if (!options.postgres) await postgres.drop();
      }
    },
  };
}
