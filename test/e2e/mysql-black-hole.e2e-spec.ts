/**
 * MySQL connections the network forgets without closing them (docs/reference.md, "Delivery
 * guarantees and safety"): a TCP proxy in front of the real MariaDB stops forwarding on every
 * open connection and closes nothing, as a NAT or load balancer does. The pool discards each
 * connection whose query timed out and recovers on new ones; SIGTERM still exits within its
 * bound (INBOX_DRAIN_TIMEOUT_MS + 5 s) while MySQL hangs.
 */
import { createMysqlDatabase, MYSQL, type TestMysqlDatabase } from '../support/databases';
import { insertMember } from '../support/member-fixtures';
import { mysqlEnv } from '../support/mysql-env';
import { PrometheusText } from '../support/prometheus-text';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
import { uniqueMemberNumber } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

const POOL_SIZE = 3;
const QUERY_TIMEOUT_MS = 1_000;

describe('MySQL connections dropped silently (the real app)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  const email = `black-hole-${uniqueMemberNumber()}@example.com`;

  const lookup = () =>
    t
      .http()
      .post('/api/intercom/lookup-email')
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email });

  /** Lookups at once until the pool holds all its connections, through the proxy. */
  const fillPool = () =>
    waitFor(async () => {
      const answers = await Promise.all(Array.from({ length: POOL_SIZE * 2 }, lookup));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      return proxy.openConnections() === POOL_SIZE;
    }, `${POOL_SIZE} pooled connections`);

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: MYSQL.host, port: MYSQL.port });
    t = await startTestApp({
      env: {
        MYSQL_PORT: String(proxy.port),
        MYSQL_POOL_SIZE: String(POOL_SIZE),
        MYSQL_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        LOOKUP_RATE_LIMIT: '10000',
      },
    });
    await insertMember(t.mysql, { membernumber: uniqueMemberNumber(), email });
    t.intercom.store.addContact({ role: 'user', email });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
  });

  it(`after every pooled connection is black-holed, at most MYSQL_POOL_SIZE (${POOL_SIZE}) lookups fail; the rest answer 200`, async () => {
    await fillPool();
    proxy.blackHole();

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const res = await lookup();
      statuses.push(res.status);
      // A failure is the query timeout's 500, never a wait for the pool behind lost connections.
      expect(Date.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 2_000);
      if (res.status !== 200) expect(res.body).toEqual({ error: 'Internal server error' });
    }
    const failed = statuses.filter((status) => status !== 200);
    expect(failed.length).toBeLessThanOrEqual(POOL_SIZE);
    expect(failed.every((status) => status === 500)).toBe(true);
    // Recovered for good: the last ones all answer.
    expect(statuses.slice(-10)).toEqual(Array(10).fill(200));

    // Operators see it: a warning per discarded connection, and the metric.
    const discards = t.logs.entries('MySQL connection discarded');
    expect(discards.length).toBeGreaterThanOrEqual(1);
    expect(discards[0]).toMatchObject({ level: 40, reason: 'timeout' });
    const metrics = new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
    expect(
      metrics.value('natca_mysql_connections_discarded_total', { reason: 'timeout' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('the inbox recovers too: a notification received after the black hole is recorded and processed', async () => {
    await fillPool();
    proxy.blackHole();
    const payload = conversationNotification(
      t.intercom.store.addContact({ role: 'user', email }).id,
    );
    // As Intercom does: a 503 (not recorded) is delivered again.
    await waitFor(
      async () => (await t.sendWebhook(payload)).status === 200,
      'the webhook to be recorded',
      15_000,
    );
    await waitFor(
      async () => {
        const rows = await t.mysql.query<Array<{ state: string }>>(
          'SELECT state FROM intercom_notifications WHERE notification_id = ?',
          [payload.id],
        );
        return rows[0]?.state === 'done';
      },
      'the notification to be processed',
      15_000,
    );
  });
});

describe('SIGTERM while MySQL hangs (the service as a process)', () => {
  const DRAIN_MS = 2_000;
  let proxy: TcpProxy;
  let mysql: TestMysqlDatabase;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    mysql = await createMysqlDatabase();
    proxy = await startTcpProxy({ host: MYSQL.host, port: MYSQL.port });
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await proxy?.close();
    await mysql?.drop();
  });

  it('exits 0 within INBOX_DRAIN_TIMEOUT_MS + 5 s, a lookup in flight answered 500', async () => {
    const email = `hang-${uniqueMemberNumber()}@example.com`;
    await insertMember(mysql, { membernumber: uniqueMemberNumber(), email });
    service = await startServiceProcess({
      ...mysqlEnv(mysql.name),
      MYSQL_PORT: String(proxy.port),
      MYSQL_POOL_SIZE: String(POOL_SIZE),
      MYSQL_QUERY_TIMEOUT_MS: '1500',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOOKUP_API_KEYS: TEST_LOOKUP_KEY,
      INBOX_DRAIN_TIMEOUT_MS: String(DRAIN_MS),
      INBOX_POLL_INTERVAL_MS: '200',
      MEMBER_SYNC_ENABLED: 'false',
    });
    const lookup = () =>
      fetch(`${service!.url}/api/intercom/lookup-email`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_LOOKUP_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    expect((await lookup()).status).toBe(200);

    // Every connection, open or new, gets no answer from now on.
    proxy.blackHole({ newConnections: 'black-hole' });
    const hanging = lookup().then((res) => res.status);
    await waitFor(
      () => service!.output().includes('Inbox claim failed'),
      'the inbox worker to meet the hang',
      15_000,
    );

    const started = Date.now();
    const exit = await service.stop('SIGTERM');
    const elapsed = Date.now() - started;
    expect(service.output()).not.toContain('Shutdown took too long');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(DRAIN_MS + 5_000);
    expect(await hanging.catch(() => 'no answer')).toBe(500);
  });
});
