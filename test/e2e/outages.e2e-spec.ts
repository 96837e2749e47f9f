/**
 * Dependency outages under a steady trickle of notifications (docs/reference.md, "Delivery guarantees and safety"):
 * nothing acknowledged is lost, the service recovers without a restart.
 */
import { MYSQL } from '../support/databases';
import { insertMember } from '../support/member-fixtures';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(90_000);

interface Row {
  notification_id: string;
  state: string;
  outcome: string | null;
  attempts: number;
}

describe('outages', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let seq = 0;

  const rows = () =>
    t.mysql.query<Row[]>(
      'SELECT notification_id, state, outcome, attempts, available_at FROM intercom_notifications',
    );
  const member = async () => {
    seq += 1;
    const email = `outage${seq}@example.com`;
    await insertMember(t.mysql, { membernumber: String(90_000 + seq), email });
    return t.intercom.store.addContact({ role: 'user', email }).id;
  };
  let last = '';
  const allDone = (ids: string[]) =>
    waitFor(
      async () => {
        const all = await rows();
        last = JSON.stringify(all);
        return ids.every((id) => all.find((r) => r.notification_id === id)?.state === 'done');
      },
      `${ids.length} notifications to be done`,
      30_000,
    ).catch((error: Error) => {
      // Say where each notification got stuck.
      throw new Error(`${error.message}: ${last}`);
    });

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: MYSQL.host, port: MYSQL.port });
    t = await startTestApp({
      // One-second windows, so that waiting out a 429 stays short.
      intercomRateLimit: { limit: 1000, windowMs: 1000 },
      env: {
        MYSQL_PORT: String(proxy.port),
        MYSQL_QUERY_TIMEOUT_MS: '1500',
        INBOX_MAX_ATTEMPTS: '30',
        INBOX_RETRY_MAX_MS: '300',
        // Short, so that an outage longer than the lease would show as a second attempt.
        INBOX_LEASE_MS: '3000',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
  });

  afterEach(() => {
    proxy.restore();
    t.intercom.faults.reset();
    t.postgrest.faults.reset();
  });

  it('MySQL cut: webhooks answer 503 (not recorded, not lost), then everything recorded is processed once it is back', async () => {
    const before = await Promise.all([member(), member(), member()]);
    const acked = before.map((id) => conversationNotification(id));
    for (const payload of acked) await t.sendWebhook(payload).expect(200);

    proxy.cut();
    const during = conversationNotification(
      t.intercom.store.addContact({ role: 'user', email: 'x@example.com' }).id,
    );
    const refused = await t.sendWebhook(during);
    expect(refused.status).toBe(503);
    const lookup = await t.http().get('/api/health/ready');
    expect(lookup.status).toBe(503);
    expect(lookup.body.error.mysql.status).toBe('down');

    proxy.restore();
    // The pool recovers by itself: no restart.
    await waitFor(
      async () => (await t.http().get('/api/health/ready')).status === 200,
      'readiness after the outage',
      20_000,
    );
    const after = conversationNotification(await member());
    await t.sendWebhook(after).expect(200);
    await allDone([...acked, after].map((p) => p.id as string));
    // Intercom redelivers what was refused; it is then recorded and processed like any other.
    await t.sendWebhook(during).expect(200);
  });

  it('MySQL cut while a notification is in flight: its outcome is recorded once MySQL is back, without doing the work again', async () => {
    const contactId = await member();
    // Slow Intercom answers leave time to cut MySQL between the member look-up and the outcome.
    t.intercom.faults.setLatency(600);
    const payload = conversationNotification(contactId);
    await t.sendWebhook(payload).expect(200);
    const put = () =>
      t.intercom.requests.find((r) => r.method === 'PUT' && r.path === `/contacts/${contactId}`);
    await waitFor(() => put() !== undefined, 'the contact update to reach Intercom', 10_000);
    proxy.cut();
    await waitFor(() => (put()?.status ?? 0) !== 0, 'Intercom to answer the update', 5_000);
    // Long enough for the outcome write to fail, well short of the 3 s lease.
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.restore();

    await allDone([payload.id as string]);
    const row = (await rows()).find((r) => r.notification_id === payload.id);
    // A second attempt would have found the contact enriched already ('already_enriched').
    expect(row).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
    expect(
      t.intercom.requests.filter((r) => r.method === 'PUT' && r.path === `/contacts/${contactId}`),
    ).toHaveLength(1);
  });

  it('Supabase hanging: requests time out, notifications are retried, no worker stays stuck', async () => {
    const ids = await Promise.all([member(), member()]);
    t.postgrest.faults.hangNext(3);
    const payloads = ids.map((id) => conversationNotification(id));
    for (const payload of payloads) await t.sendWebhook(payload).expect(200);
    await allDone(payloads.map((p) => p.id as string));
    const settled = (await rows()).filter((r) => payloads.some((p) => p.id === r.notification_id));
    expect(settled.some((r) => r.attempts > 1)).toBe(true);
    // The worker is free again: a fresh notification goes straight through.
    const next = conversationNotification(await member());
    await t.sendWebhook(next).expect(200);
    await allDone([next.id as string]);
  });

  it('Intercom answering 500 for a long time: backoff, failed rows after the last attempt, replay brings them to done', async () => {
    const ids = await Promise.all([member(), member(), member()]);
    t.intercom.faults.failNext(10_000, 500, { method: 'GET', pathPrefix: '/contacts/' });
    const payloads = ids.map((id) => conversationNotification(id));
    for (const payload of payloads) await t.sendWebhook(payload).expect(200);
    await waitFor(
      async () => {
        const all = await rows();
        return payloads.every(
          (p) => all.find((r) => r.notification_id === p.id)?.state === 'failed',
        );
      },
      'the notifications to fail',
      60_000,
    );

    t.intercom.faults.reset();
    const replay = await t
      .http()
      .post('/api/admin/notifications/replay-failed')
      .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
    expect(replay.status).toBeLessThan(300);
    await allDone(payloads.map((p) => p.id as string));
    const puts = ids.map(
      (id) =>
        t.intercom.requests.filter((r) => r.method === 'PUT' && r.path === `/contacts/${id}`)
          .length,
    );
    expect(puts).toEqual([1, 1, 1]);
  });

  it('Intercom answering 429: the call waits for the reset and tries again, the notification is done once', async () => {
    const id = await member();
    t.intercom.faults.failNext(2, 429, { method: 'PUT', pathPrefix: `/contacts/${id}` });
    const payload = conversationNotification(id);
    await t.sendWebhook(payload).expect(200);
    await allDone([payload.id as string]);
    const puts = t.intercom.requests.filter(
      (r) => r.method === 'PUT' && r.path === `/contacts/${id}`,
    );
    expect(puts.map((r) => r.status)).toEqual([429, 429, 200]);
    const [row] = (await rows()).filter((r) => r.notification_id === payload.id);
    // Waited out inside one attempt: a 429 is not a failure of the notification.
    expect(row.attempts).toBe(1);
  });
});
