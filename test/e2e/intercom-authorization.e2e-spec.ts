/**
 * Intercom refuses the access token (docs/reference.md, "Delivery guarantees and safety"; Intercom
 * field notes, "Authorization"): an admin rotates it, every call answers 401 for a while, then the
 * token works again. All Intercom work pauses behind one switch, nothing is failed or spends its
 * attempts, readiness and a metric say so, and everything resumes by itself.
 */
import { randomUUID } from 'node:crypto';
import { MemberSyncService } from '../../src/member-sync/member-sync.service';
import { insertMember } from '../support/member-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, TEST_INTERCOM_TOKEN, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

const NOTIFICATIONS = 30;
const REVOKED_MS = 20_000;
/** Short, so that a 20 s revocation is noticed within about a second of its end. */
const PROBE_INTERVAL_MS = 1000;
const PAUSED_MSG =
  'Intercom refused the access token: all Intercom work paused until it is accepted again';
const RESUMED_MSG = 'Intercom accepts the access token again: Intercom work resumed';
const AUTHORIZED = 'natca_intercom_authorized';
const PAUSES = 'natca_intercom_authorization_pauses_total';

interface Row {
  notification_id: string;
  state: string;
  attempts: number;
  last_error: string | null;
}

describe('Intercom refuses the access token (401/403)', () => {
  let t: TestApp;
  let seq = 0;
  /** Unique per run by construction: member numbers and emails of this file never repeat. */
  const run = randomUUID().slice(0, 8);

  const scrape = async () =>
    new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
  const ready = () => t.http().get('/api/health/ready');
  const member = async () => {
    seq += 1;
    const memberNumber = String(70_000 + seq);
    const email = `revoked-${run}-${seq}@example.com`;
    await insertMember(t.mysql, { membernumber: memberNumber, email });
    return { memberNumber, contactId: t.intercom.store.addContact({ role: 'user', email }).id };
  };
  const rows = (ids: string[]) =>
    t.mysql.query<Row[]>(
      `SELECT notification_id, state, attempts, last_error FROM intercom_notifications
       WHERE notification_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  /** Calls answered by the revoked token per contact id (GET, PUT, … of `/contacts/{id}`). */
  const revokedCallsPerContact = (since: number) => {
    const perContact = new Map<string, number>();
    for (const [call, count] of Object.entries(t.intercom.callCounts({ since, revoked: true }))) {
      const id = /^\w+ \/contacts\/([^/]+)/.exec(call)?.[1];
      if (id) perContact.set(id, (perContact.get(id) ?? 0) + count);
    }
    return perContact;
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        INTERCOM_AUTH_PROBE_INTERVAL_MS: String(PROBE_INTERVAL_MS),
        // Few attempts: a refusal spending them would fail notifications within the 20 s.
        INBOX_MAX_ATTEMPTS: '3',
        INBOX_LEASE_MS: '3000',
        // The production default: 30 calls let go at once on a shared CPU may take seconds.
        INTERCOM_TIMEOUT_MS: '10000',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => t.intercom.faults.reset());

  it('30 notifications during a 20 s 401 are all enriched once the token works again, none failed, with at most two calls each meanwhile', async () => {
    const members = await Promise.all(Array.from({ length: NOTIFICATIONS }, () => member()));
    const before = await scrape();
    expect(before.value(AUTHORIZED)).toBe(1);
    const since = t.intercom.requests.length;
    const logsFrom = t.logs.lines.length;

    t.intercom.faults.revokeToken({ forMs: REVOKED_MS });
    const revokedAt = Date.now();
    const payloads = members.map((m) => conversationNotification(m.contactId));
    for (const payload of payloads) await t.sendWebhook(payload).expect(200);
    const ids = payloads.map((p) => p.id as string);

    // Readiness names Intercom's authorization while paused; the metric says so too.
    const notReady = await waitFor(async () => {
      const res = await ready();
      return res.status === 503 ? res : null;
    }, 'readiness to report the refused token');
    expect(notReady.body.error.intercom).toMatchObject({ status: 'down', reason: 'unauthorized' });
    expect(notReady.body.info).toMatchObject({ mysql: { status: 'up' } });
    const during = await scrape();
    expect(during.value(AUTHORIZED)).toBe(0);
    expect(during.value(PAUSES, { status: '401' }) - before.value(PAUSES, { status: '401' })).toBe(
      1,
    );
    expect(Date.now() - revokedAt).toBeLessThan(REVOKED_MS);

    await waitFor(
      async () => (await rows(ids)).filter((r) => r.state === 'done').length === NOTIFICATIONS,
      `${NOTIFICATIONS} notifications to be done`,
      REVOKED_MS + 20_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await rows(ids))}`);
    });

    // Nothing failed, and no attempt was spent on the refusals: every attempt past the first
    // is a retry the log explains (a slow answer on a busy machine), none of them a refusal.
    const settled = await rows(ids);
    const logs = t.logs.lines
      .slice(logsFrom)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const retries = logs.filter((l) => l.msg === 'Webhook processing failed, will retry');
    expect(retries.filter((l) => /401|403|unauthori|forbidden/i.test(String(l.error)))).toEqual([]);
    expect(settled.map((r) => [r.notification_id, r.state, r.attempts])).toEqual(
      ids.map((id) => [id, 'done', 1 + retries.filter((l) => l.notification_id === id).length]),
    );
    for (const m of members) {
      expect(t.intercom.store.getContact(m.contactId)?.custom_attributes.member_number).toBe(
        m.memberNumber,
      );
    }

    // While revoked: at most two calls per contact, and the probes were about one per interval.
    const perContact = revokedCallsPerContact(since);
    expect(perContact.size).toBeGreaterThan(0);
    expect(Math.max(...perContact.values())).toBeLessThanOrEqual(2);
    const probes = t.intercom.callCounts({ since, revoked: true })['GET /me'] ?? 0;
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(probes).toBeLessThanOrEqual(REVOKED_MS / PROBE_INTERVAL_MS + 2);

    // Ready again, and the metric with it.
    const readyAgain = await ready();
    expect(readyAgain.status).toBe(200);
    expect(readyAgain.body.info.intercom).toEqual({ status: 'up' });
    expect((await scrape()).value(AUTHORIZED)).toBe(1);

    // One error log for the pause, one line for its end; no failure, no token.
    const paused = logs.filter((l) => l.msg === PAUSED_MSG);
    expect(paused).toHaveLength(1);
    expect(paused[0]).toMatchObject({ level: 50, status: 401, code: 'unauthorized' });
    expect(logs.filter((l) => l.msg === RESUMED_MSG)).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'Webhook processing failed')).toEqual([]);
    expect(t.logs.text).not.toContain(TEST_INTERCOM_TOKEN);
    expect(t.intercom.validationErrors).toEqual([]);
  });

  it('the member sync waits through a 403 instead of counting failures, and writes once it is lifted', async () => {
    const m = await member();
    const before = await scrape();
    const since = t.intercom.requests.length;
    t.intercom.faults.revokeToken({ status: 403 });

    const report = t.app.get(MemberSyncService).runMember(m.memberNumber);
    await waitFor(async () => (await ready()).status === 503, 'readiness to report the 403');
    const notReady = await ready();
    expect(notReady.body.error.intercom).toMatchObject({ status: 'down', reason: 'forbidden' });
    // Probes keep coming, the run sends nothing else while it waits.
    await waitFor(
      () => (t.intercom.callCounts({ since, revoked: true })['GET /me'] ?? 0) >= 2,
      'two probes',
    );
    const sentWhilePaused = Object.entries(t.intercom.callCounts({ since }))
      .filter(([call]) => call !== 'GET /me')
      .reduce((sum, [, count]) => sum + count, 0);
    expect(sentWhilePaused).toBe(1);

    t.intercom.faults.restoreToken();
    const done = await report;
    expect(done).toMatchObject({ failed: 0, contactsWritten: 1 });
    expect(t.intercom.store.getContact(m.contactId)?.custom_attributes.member_number).toBe(
      m.memberNumber,
    );
    const after = await scrape();
    expect(after.value(PAUSES, { status: '403' }) - before.value(PAUSES, { status: '403' })).toBe(
      1,
    );
    expect(after.value(AUTHORIZED)).toBe(1);
    expect((await ready()).status).toBe(200);
  });
});
