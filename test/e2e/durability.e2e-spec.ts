/**
 * At-least-once and exactly-once processing across a crash, and across two
 * instances sharing one database (docs/reference.md, "Delivery guarantees and safety").
 */
import { signBody } from '../../src/intercom/webhook/webhook-signature';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from '../support/databases';
import {
  startIntercomDouble,
  type IntercomDouble,
} from '../support/intercom-double/intercom-double';
import { insertMember } from '../support/member-fixtures';
import { mysqlEnv } from '../support/mysql-env';
import { startPostgrestServer, type PostgrestServer } from '../support/postgrest/postgrest-server';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { uniqueMemberNumber } from '../support/unique';
import {
  TEST_CLIENT_SECRET,
  TEST_INTERCOM_TOKEN,
  TEST_SERVICE_ROLE_KEY,
} from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(120_000);

describe('durability (service as a child process)', () => {
  let mysql: TestMysqlDatabase;
  let postgres: TestPostgresDatabase;
  let postgrest: PostgrestServer;
  let intercom: IntercomDouble;
  const services: ServiceProcess[] = [];

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...mysqlEnv(mysql.name),
    SUPABASE_URL: postgrest.url,
    SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
    INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
    INTERCOM_API_BASE_URL: intercom.url,
    INTERCOM_CLIENT_SECRET: TEST_CLIENT_SECRET,
    LOOKUP_API_KEYS: 'unused-key',
    INBOX_LEASE_MS: '3000',
    INBOX_POLL_INTERVAL_MS: '200',
    INBOX_RETRY_BASE_MS: '100',
    INBOX_DRAIN_TIMEOUT_MS: '3000',
    ...overrides,
  });

  const send = async (service: ServiceProcess, payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${service.url}/api/intercom/webhook`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Hub-Signature': signBody(body, TEST_CLIENT_SECRET),
      },
      body,
    });
    expect(res.status).toBe(200);
  };

  const states = () =>
    mysql.query<Array<{ notification_id: string; state: string; outcome: string | null }>>(
      'SELECT notification_id, state, outcome FROM intercom_notifications',
    );

  /** Seeds `count` members, each with a contact that is not yet enriched. */
  const seedContacts = async (prefix: string, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const email = `${prefix}${i}@example.com`;
      await insertMember(mysql, {
        membernumber: uniqueMemberNumber(),
        email,
      });
      ids.push(intercom.store.addContact({ role: 'user', email }).id);
    }
    return ids;
  };

  const putsPerContact = (ids: string[]) =>
    ids.map(
      (id) =>
        intercom.requests.filter(
          (r) => r.method === 'PUT' && r.path === `/contacts/${id}` && r.status === 200,
        ).length,
    );

  beforeAll(async () => {
    mysql = await createMysqlDatabase();
    postgres = await createPostgresDatabase();
    postgrest = await startPostgrestServer({
      connectionString: postgres.connectionString,
      serviceKey: TEST_SERVICE_ROLE_KEY,
    });
    intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await intercom?.close();
    await postgrest?.close();
    await postgres?.drop();
    await mysql?.drop();
  });

  it('processes every acknowledged notification exactly once after a SIGKILL right after the last 200', async () => {
    const contacts = await seedContacts('kill', 30);
    // Slow Intercom down so that work is pending and in flight when the process dies.
    intercom.faults.setLatency(60);
    const first = await startServiceProcess(env());
    services.push(first);
    const payloads = contacts.map((id) => conversationNotification(id));
    await Promise.all(payloads.map((p) => send(first, p)));
    const killed = await first.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    const unfinished = (await states()).filter((r) => r.state !== 'done').length;
    // The point of the test: the crash left work behind.
    expect(unfinished).toBeGreaterThan(0);

    intercom.faults.setLatency(0);
    const second = await startServiceProcess(env());
    services.push(second);
    await waitFor(
      async () => {
        const rows = await states();
        return rows.length === payloads.length && rows.every((r) => r.state === 'done');
      },
      'every notification to be done',
      60_000,
    );
    expect(putsPerContact(contacts)).toEqual(contacts.map(() => 1));
    await second.stop('SIGTERM');
  });

  it('drains on SIGTERM: exits cleanly and what is left is taken by the next start', async () => {
    const contacts = await seedContacts('term', 20);
    intercom.faults.setLatency(100);
    const service = await startServiceProcess(env());
    services.push(service);
    await Promise.all(contacts.map((id) => send(service, conversationNotification(id))));
    const stopped = await service.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    // Nothing may stay leased by the stopped process.
    const leased = await mysql.query<unknown[]>(
      "SELECT id FROM intercom_notifications WHERE state = 'processing' AND available_at > UTC_TIMESTAMP(3)",
    );
    expect(leased).toHaveLength(0);

    intercom.faults.setLatency(0);
    const next = await startServiceProcess(env());
    services.push(next);
    await waitFor(
      async () => (await states()).every((r) => r.state === 'done'),
      'the rest to be processed',
      60_000,
    );
    expect(putsPerContact(contacts)).toEqual(contacts.map(() => 1));
    await next.stop('SIGTERM');
  });

  it('two instances on one database process each notification exactly once', async () => {
    const contacts = await seedContacts('pair', 40);
    intercom.faults.setLatency(20);
    const perInstance = { INTERCOM_RATE_LIMIT: '15', INTERCOM_RATE_WINDOW_MS: '1000' };
    const startedAt = Date.now();
    const [a, b] = await Promise.all([
      startServiceProcess(env(perInstance)),
      startServiceProcess(env(perInstance)),
    ]);
    services.push(a, b);
    await Promise.all(
      contacts.map((id, i) => send(i % 2 === 0 ? a : b, conversationNotification(id))),
    );
    await waitFor(
      async () => (await states()).every((r) => r.state === 'done'),
      'both instances to finish',
      60_000,
    );
    expect(putsPerContact(contacts)).toEqual(contacts.map(() => 1));
    const gets = contacts.map(
      (id) =>
        intercom.requests.filter((r) => r.method === 'GET' && r.path === `/contacts/${id}`).length,
    );
    expect(gets).toEqual(contacts.map(() => 1));
    // Each instance keeps its own budget: together never more than twice the limit in any second.
    const arrivals = intercom.requests.filter((r) => r.at >= startedAt).map((r) => r.at);
    const busiestSecond = Math.max(
      ...arrivals.map((t0) => arrivals.filter((t) => t >= t0 && t < t0 + 1000).length),
    );
    expect(busiestSecond).toBeLessThanOrEqual(2 * 15);
    expect(busiestSecond).toBeGreaterThan(15); // both instances really worked at once
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  });
});
