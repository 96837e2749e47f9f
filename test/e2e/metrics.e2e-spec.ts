/**
 * GET /api/metrics moves as the service works: each assertion is on the
 * difference between two scrapes, by the exact amount the work explains.
 */
import { INBOX_STATS_MAX_AGE_MS } from '../../src/metrics/inbox-metrics.collector';
import { insertMember } from '../support/member-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification, sample } from '../support/webhook-payloads';

const REPLIED = 'conversation.user.replied';

describe('GET /api/metrics', () => {
  let t: TestApp;

  const scrape = async (): Promise<PrometheusText> => {
    const res = await t.http().get('/api/metrics').expect(200);
    return new PrometheusText(res.text);
  };
  const dbCounts = async () => {
    const rows = await t.mysql.query<Array<{ state: string; total: number }>>(
      'SELECT state, COUNT(*) AS total FROM intercom_notifications GROUP BY state',
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.total)]));
  };

  beforeAll(async () => {
    t = await startTestApp({
      // Every scrape reads the inbox, so gauges can be compared with the table at once.
      override: (builder) => builder.overrideProvider(INBOX_STATS_MAX_AGE_MS).useValue(0),
    });
    await insertMember(t.mysql, { membernumber: '12345', email: 'member@example.com' });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.intercom.faults.reset();
    t.postgrest.faults.reset();
  });

  it('serves the Prometheus text format, with Node default metrics, without a key', async () => {
    const res = await t.http().get('/api/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const metrics = new PrometheusText(res.text);
    expect(metrics.has('process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.has('nodejs_heap_size_used_bytes')).toBe(true);
    for (const name of [
      'natca_webhook_notifications_received_total',
      'natca_notifications_processed_total',
      'natca_inbox_notifications',
      'natca_inbox_oldest_pending_age_seconds',
      'natca_intercom_request_duration_seconds',
      'natca_intercom_rate_limit_wait_seconds',
      'natca_lookup_requests_total',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
  });

  it('counts notifications received, processing outcomes and Intercom calls', async () => {
    const updated = t.intercom.store.addContact({ email: 'member@example.com' });
    const stranger = t.intercom.store.addContact({ email: 'stranger@example.com' });
    const retried = t.intercom.store.addContact({ email: 'member@example.com' });
    const failing = t.intercom.store.addContact({ email: 'member@example.com' });
    t.intercom.faults.failNext(1, 503, { method: 'GET', pathPrefix: `/contacts/${retried.id}` });
    // INBOX_MAX_ATTEMPTS is 4 in tests: three retries, then failed.
    t.intercom.faults.failNext(4, 500, { method: 'PUT', pathPrefix: `/contacts/${failing.id}` });
    const before = await scrape();

    const payloads = [updated, stranger, retried, failing].map((c) =>
      conversationNotification(c.id),
    );
    for (const payload of payloads) await t.sendWebhook(payload).expect(200);
    await t.sendWebhook(payloads[0]).expect(200); // a repeat: answered, recorded once
    await t.sendWebhook(sample('ping.json')).expect(200);
    await t.sendWebhook({ ...conversationNotification('x'), topic: 'contact.created' }).expect(200);
    await t.sendWebhook(conversationNotification('y'), { secret: 'wrong' }).expect(401);
    await t.sendWebhook('[1, 2]').expect(400);
    // The worker counts an outcome just after writing it to the table: wait for the counters.
    const processed = 'natca_notifications_processed_total';
    const final = (metrics: PrometheusText) =>
      metrics.sum(processed, { topic: REPLIED, outcome: 'done' }) +
      metrics.sum(processed, { topic: REPLIED, outcome: 'failed' });
    const after = await waitFor(
      async () => {
        const metrics = await scrape();
        return final(metrics) - final(before) >= payloads.length ? metrics : undefined;
      },
      'every notification to reach its final outcome',
      20_000,
    );

    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    const received = 'natca_webhook_notifications_received_total';
    expect(delta(received, { topic: REPLIED, result: 'recorded' })).toBe(5);
    expect(delta(received, { topic: 'ping', result: 'ignored' })).toBe(1);
    expect(delta(received, { topic: 'other', result: 'ignored' })).toBe(1);
    expect(delta(received, { topic: 'unknown', result: 'rejected_signature' })).toBe(1);
    expect(delta(received, { topic: 'unknown', result: 'invalid_body' })).toBe(1);

    const outcome = (state: string, reason: string) =>
      delta(processed, { topic: REPLIED, outcome: state, reason });
    expect(outcome('done', 'updated')).toBe(2);
    expect(outcome('done', 'member_not_found')).toBe(1);
    expect(outcome('retry', 'IntercomTransientError')).toBe(1 + 3);
    expect(outcome('failed', 'IntercomTransientError')).toBe(1);

    const calls = (method: string, status: string) =>
      delta('natca_intercom_request_duration_seconds_count', {
        method,
        endpoint: '/contacts/{id}',
        status,
      });
    // GET once per attempt (4 notifications, one retried once, one attempted 4 times).
    expect(calls('GET', '200')).toBe(1 + 1 + 1 + 4);
    expect(calls('GET', '503')).toBe(1);
    expect(calls('PUT', '200')).toBe(2);
    expect(calls('PUT', '500')).toBe(4);
    expect(delta('natca_intercom_rate_limit_wait_seconds_count', {})).toBe(7 + 1 + 2 + 4);
  });

  it('reports the inbox by state and the age of the oldest pending row, as the table holds them', async () => {
    // A row received 15 minutes ago and not due for an hour: the worker leaves it alone.
    await t.mysql.query(
      `INSERT INTO intercom_notifications (notification_id, topic, payload, state, available_at, received_at, updated_at)
       VALUES ('stuck', ?, '{}', 'pending', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR,
               UTC_TIMESTAMP(3) - INTERVAL 15 MINUTE, UTC_TIMESTAMP(3))`,
      [REPLIED],
    );
    try {
      const metrics = await scrape();
      const counts = await dbCounts();
      for (const state of ['pending', 'processing', 'done', 'failed']) {
        expect(metrics.value('natca_inbox_notifications', { state })).toBe(counts[state] ?? 0);
      }
      expect(metrics.value('natca_inbox_notifications', { state: 'pending' })).toBeGreaterThan(0);
      const age = metrics.value('natca_inbox_oldest_pending_age_seconds');
      expect(age).toBeGreaterThanOrEqual(900);
      expect(age).toBeLessThan(960);
    } finally {
      await t.mysql.query(`DELETE FROM intercom_notifications WHERE notification_id = 'stuck'`);
    }
    const cleared = await scrape();
    expect(cleared.value('natca_inbox_oldest_pending_age_seconds')).toBe(0);
    expect(cleared.value('natca_inbox_notifications', { state: 'pending' })).toBe(0);
  });

  it('still answers when the inbox table cannot be read, and counts the 503 it causes', async () => {
    const before = await scrape();
    await t.mysql.query('RENAME TABLE intercom_notifications TO intercom_notifications_away');
    try {
      const during = await scrape();
      // The gauges keep their last values rather than failing the whole scrape.
      expect(during.value('natca_inbox_notifications', { state: 'done' })).toBe(
        before.value('natca_inbox_notifications', { state: 'done' }),
      );
      await t.sendWebhook(conversationNotification('z')).expect(503);
      const after = await scrape();
      const labels = { topic: REPLIED, result: 'unavailable' };
      expect(
        after.value('natca_webhook_notifications_received_total', labels) -
          before.value('natca_webhook_notifications_received_total', labels),
      ).toBe(1);
    } finally {
      await t.mysql.query('RENAME TABLE intercom_notifications_away TO intercom_notifications');
    }
  });

  it('counts lookups by result; refused requests are not lookups', async () => {
    const lookup = (email: string, key = TEST_LOOKUP_KEY) =>
      t
        .http()
        .post('/api/intercom/lookup-email')
        .set('Authorization', `Bearer ${key}`)
        .send({ email });
    const before = await scrape();
    await lookup('member@example.com').expect(200);
    await lookup('nobody@example.com').expect(200);
    t.postgrest.faults.failNext(1, 500);
    await lookup('member@example.com').expect(500);
    await lookup('member@example.com', 'wrong-key').expect(401);
    await lookup('not an email').expect(400);
    const after = await scrape();
    const delta = (result: string) =>
      after.value('natca_lookup_requests_total', { result }) -
      before.value('natca_lookup_requests_total', { result });
    expect(delta('found')).toBe(1);
    expect(delta('not_found')).toBe(1);
    expect(delta('error')).toBe(1);
    // Refused for its input: counted apart; the 401 is not a lookup at all.
    expect(delta('invalid')).toBe(1);
  });

  it('is documented in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const body = res.body as { paths: Record<string, { get?: { responses: object } }> };
    expect(body.paths['/api/metrics']?.get?.responses).toHaveProperty('200');
  });
});
