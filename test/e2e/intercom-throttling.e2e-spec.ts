/**
 * The service stays within Intercom's rate limit (docs/reference.md, "Delivery guarantees and safety"): with
 * the double enforcing 20 calls per 2 s and the service set to match, a burst
 * completes with no 429 and uses most of what is allowed.
 */
import { WorkspaceAttributesMonitor } from '../../src/intercom/workspace/workspace-attributes.monitor';
import { insertMember } from '../support/member-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

const LIMIT = 20;
const WINDOW_MS = 2000;

describe('Intercom rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      intercomRateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
      env: { INTERCOM_RATE_LIMIT: String(LIMIT), INTERCOM_RATE_WINDOW_MS: String(WINDOW_MS) },
      // This test counts the burst's calls and the windows they span: the check of the
      // workspace's attributes at start (one GET /data_attributes) stays out of it.
      override: (builder) => builder.overrideProvider(WorkspaceAttributesMonitor).useValue({}),
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('completes a burst with zero 429 and uses at least 80 % of the allowed calls', async () => {
    const contacts: string[] = [];
    for (let i = 0; i < 35; i++) {
      await insertMember(t.mysql, {
        membernumber: String(5000 + i),
        email: `burst${i}@example.com`,
      });
      contacts.push(
        t.intercom.store.addContact({ role: 'user', email: `burst${i}@example.com` }).id,
      );
    }
    await Promise.all(
      contacts.map((id) => t.sendWebhook(conversationNotification(id)).expect(200)),
    );
    await waitFor(
      async () => {
        const [row] = await t.mysql.query<Array<{ pending: number }>>(
          "SELECT COUNT(*) AS pending FROM intercom_notifications WHERE state <> 'done'",
        );
        return Number(row.pending) === 0;
      },
      'the burst to drain',
      45_000,
    );

    const calls = t.intercom.requests.filter((r) => r.status !== 0);
    expect(calls).toHaveLength(contacts.length * 2); // one GET and one PUT each
    const stats = t.intercom.rateLimitStats();
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.maxCallsInAnyWindow).toBeLessThanOrEqual(LIMIT);

    // Allowed = limit × the number of the double's windows the burst spanned.
    const used = stats.allowedCalls / (LIMIT * stats.windowsSpanned);
    expect(used).toBeGreaterThanOrEqual(0.8);
  });
});
