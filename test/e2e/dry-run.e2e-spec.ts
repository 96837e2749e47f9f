/**
 * Intercom dry run (no INTERCOM_ACCESS_TOKEN; docs/operations.md, "Dry run"): notifications
 * are recorded and acknowledged, nothing is read from or written to Intercom, the log says what
 * would have been read, and the notification ends `done` with outcome `dry_run`: not failed,
 * not retried, no alert.
 */
import { inboxRow } from '../support/inbox-rows';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

describe('Intercom dry run (no token)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { INTERCOM_ACCESS_TOKEN: '' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('acknowledges a notification, settles it done as a dry run, and calls Intercom never', async () => {
    const notification = conversationNotification('contact-dry-run-7', { id: 'notif_dry_run_7' });
    await t.sendWebhook(notification).expect(200, { received: true });

    const row = await waitFor(async () => {
      const current = await inboxRow(t.mysql, 'notif_dry_run_7');
      return current?.state === 'done' ? current : undefined;
    }, 'the notification to settle');
    expect(row).toMatchObject({ state: 'done', outcome: 'dry_run', attempts: 1 });
    expect(t.intercom.requests).toEqual([]);
    expect(
      t.logs.entries(
        'Intercom dry run: would read, and stops here (nothing after it can be known without a token)',
      ),
    ).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/contacts/contact-dry-run-7' }),
    );
  });
});
