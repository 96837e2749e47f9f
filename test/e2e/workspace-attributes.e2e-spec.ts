/**
 * The service against a workspace that lacks one of the contact data attributes it
 * writes (`facility`): the check at start warns once, naming it; a contact write that
 * meets it still writes the rest, is counted in the metrics, and shows in the monitor.
 */
import {
  MISSING_ATTRIBUTES_WARNING,
  WorkspaceAttributesMonitor,
} from '../../src/intercom/workspace/workspace-attributes.monitor';
import {
  startIntercomDouble,
  type IntercomDouble,
} from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { settledRow } from '../support/inbox-rows';
import { startTestApp, TEST_INTERCOM_TOKEN, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

const METRIC = 'natca_intercom_missing_attribute_total';

describe('a workspace without the facility attribute', () => {
  let intercom: IntercomDouble;
  let t: TestApp;

  const logEntries = () => t.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const missingWarnings = () => logEntries().filter((e) => e.msg === MISSING_ATTRIBUTES_WARNING);
  const scrape = async () =>
    new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);

  beforeAll(async () => {
    intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
    intercom.store.removeDataAttribute('facility');
    t = await startTestApp({ intercom });
    await seedGeography(t.mysql);
    await insertMember(t.mysql, {
      membernumber: '4242',
      email: 'no.facility@example.com',
      facility_id: 1,
    });
  });

  afterAll(async () => {
    await t?.close();
    await intercom?.close();
  });

  afterEach(() => {
    expect(intercom.validationErrors).toEqual([]);
  });

  it('warns once at start, naming the missing attribute, without holding up the start', async () => {
    const [warning] = await waitFor(
      () => Promise.resolve(missingWarnings().length > 0 ? missingWarnings() : undefined),
      'the start-up warning',
      10_000,
    );
    expect(warning).toMatchObject({ missing: ['facility'] });
    expect(String(warning.msg)).toContain('npm run cli -- setup');
    const checks = intercom.requests.filter(
      (r) => r.method === 'GET' && r.path === '/data_attributes',
    );
    expect(checks).toHaveLength(1);
    expect(t.app.get(WorkspaceAttributesMonitor).status()).toMatchObject({
      missing: ['facility'],
      lastError: null,
    });
  });

  it('writes the other attributes, counts the missing one, and warns no more', async () => {
    const before = await scrape();
    // Every label of the bounded set is there from the start, at 0.
    expect(before.has(METRIC)).toBe(true);
    const contact = intercom.store.addContact({ role: 'user', email: 'no.facility@example.com' });
    const payload = conversationNotification(contact.id);

    await t.sendWebhook(payload).expect(200);
    const row = await settledRow(t.mysql, payload.id as string);

    expect(row).toMatchObject({ state: 'done', outcome: 'updated' });
    expect(intercom.store.getContact(contact.id)?.custom_attributes).toMatchObject({
      member_number: '4242',
    });
    expect(intercom.store.getContact(contact.id)?.custom_attributes).not.toHaveProperty('facility');
    const after = await scrape();
    expect(after.value(METRIC, { attribute: 'facility' })).toBe(
      before.value(METRIC, { attribute: 'facility' }) + 1,
    );
    expect(after.value(METRIC, { attribute: 'region' })).toBe(0);
    expect(t.app.get(WorkspaceAttributesMonitor).status()).toMatchObject({
      missing: ['facility'],
      metByWrites: ['facility'],
    });
    // The gateway logs the write; the monitor does not repeat its warning.
    expect(missingWarnings()).toHaveLength(1);
  });
});
