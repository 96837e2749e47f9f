/**
 * The service against a workspace whose `member_type` is a list attribute without the
 * option `Retired Member` (Intercom refuses a value outside a list's options on every API
 * version, the whole write with it): a Retired member's notification still writes the
 * other attributes and ends done, with a warning and a metric naming contact, attribute
 * and reason; a 400 about the whole request stays permanent for its own notification only.
 */
import {
  LIST_ATTRIBUTES_WARNING,
  WorkspaceAttributesMonitor,
} from '../../src/intercom/workspace/workspace-attributes.monitor';
import type { StoredContact } from '../support/intercom-double/intercom-store';
import {
  startIntercomDouble,
  type IntercomDouble,
} from '../support/intercom-double/intercom-double';
import { settledRow } from '../support/inbox-rows';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, TEST_INTERCOM_TOKEN, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

const METRIC = 'natca_intercom_refused_attribute_total';
const LIST_REFUSAL = { attribute: 'member_type', reason: 'not_a_list_option' };
const OPTIONS = ['Current Member', 'NATCA Employee', 'Member'];

/** Retired members, one per test, each with one current position. */
const RETIRED = {
  named: { number: '71001', email: 'retired.named@example.com' },
  unnamed: { number: '71002', email: 'retired.unnamed@example.com' },
  screened: { number: '71003', email: 'retired.screened@example.com' },
  beside: { number: '71004', email: 'retired.beside@example.com' },
};
const ACTIVE = { number: '71005', email: 'active.whole@example.com' };

describe('a workspace whose member_type is a list without Retired Member', () => {
  let intercom: IntercomDouble;
  let t: TestApp;

  const logEntries = () => t.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const refusalWarnings = (contactId: string) =>
    logEntries().filter((e) => e.contact_id === contactId && e.attribute !== undefined);
  const scrape = async () =>
    new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
  const contactWrites = (contactId: string) =>
    intercom.requests.filter((r) => r.method === 'PUT' && r.path === `/contacts/${contactId}`);
  const listings = () =>
    intercom.requests.filter((r) => r.method === 'GET' && r.path === '/data_attributes');

  /** Sends a notification for a new contact with this email; resolves with its settled row. */
  const notify = async (email: string) => {
    const contact = intercom.store.addContact({ role: 'user', email });
    const payload = conversationNotification(contact.id);
    await t.sendWebhook(payload).expect(200);
    return { contact, row: await settledRow(t.mysql, payload.id as string) };
  };

  /** The four attributes that must arrive whatever happens to member_type. */
  const expectOthersWritten = (contact: StoredContact, number: string) => {
    const attributes = intercom.store.getContact(contact.id)?.custom_attributes;
    expect(attributes).toEqual({
      member_number: number,
      region: 'RNAV',
      facility: 'RNAV',
      positions: 'Facility Rep',
    });
  };

  /** One warning naming contact, attribute and reason, and never the value. */
  const expectOneWarning = (contact: StoredContact) => {
    const warnings = refusalWarnings(contact.id);
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        contact_id: contact.id,
        attribute: 'member_type',
        reason: 'not a list option',
      }),
    ]);
    expect(JSON.stringify(warnings)).not.toContain('Retired Member');
  };

  beforeAll(async () => {
    intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
    t = await startTestApp({ intercom });
    await seedGeography(t.mysql);
    for (const member of Object.values(RETIRED)) {
      await insertMember(t.mysql, {
        membernumber: member.number,
        email: member.email,
        status: 'Retired',
        membertypeid: 10,
        facility_id: 1,
      });
      await insertPositions(t.postgres, [
        {
          membernumber: member.number,
          positiontype: 'Facility Rep',
          start_date: daysFromToday(-30),
        },
      ]);
    }
    await insertMember(t.mysql, {
      membernumber: ACTIVE.number,
      email: ACTIVE.email,
      facility_id: 1,
    });
    // The check at start has read the workspace as it was: member_type plain text.
    await waitFor(
      () => Promise.resolve(listings().find((r) => r.status === 200)),
      'the workspace check at start',
      10_000,
    );
    intercom.store.updateDataAttribute('member_type', { options: OPTIONS });
  });

  afterAll(async () => {
    await t?.close();
    await intercom?.close();
  });

  afterEach(() => {
    intercom.store.valueRefusalWording = 'names the attribute';
    expect(intercom.validationErrors).toEqual([]);
  });

  it('a refusal naming member_type: the other four attributes are written, done, warned and counted', async () => {
    const before = await scrape();
    const { contact, row } = await notify(RETIRED.named.email);

    expect(row).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
    expectOthersWritten(contact, RETIRED.named.number);
    // Refused once (400, nothing written), then written without member_type.
    expect(contactWrites(contact.id).map((r) => r.status)).toEqual([400, 200]);
    expectOneWarning(contact);
    const after = await scrape();
    expect(after.value(METRIC, LIST_REFUSAL)).toBe(before.value(METRIC, LIST_REFUSAL) + 1);
  });

  it('a refusal naming nothing: the workspace is listed again, and the list explains it', async () => {
    intercom.store.valueRefusalWording = 'names nothing';
    const listed = listings().length;
    const before = await scrape();
    const { contact, row } = await notify(RETIRED.unnamed.email);

    expect(row).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
    expectOthersWritten(contact, RETIRED.unnamed.number);
    expect(contactWrites(contact.id).map((r) => r.status)).toEqual([400, 200]);
    expect(listings()).toHaveLength(listed + 1);
    expectOneWarning(contact);
    const after = await scrape();
    expect(after.value(METRIC, LIST_REFUSAL)).toBe(before.value(METRIC, LIST_REFUSAL) + 1);
  });

  it('once the hourly check knows the list, the value is left out before sending: one write', async () => {
    const monitor = t.app.get(WorkspaceAttributesMonitor);
    await monitor.refresh();
    expect(monitor.status().lists).toEqual([{ name: 'member_type', options: OPTIONS }]);
    expect(logEntries().filter((e) => e.msg === LIST_ATTRIBUTES_WARNING)).toEqual([
      expect.objectContaining({ lists: ['member_type'] }),
    ]);

    const { contact, row } = await notify(RETIRED.screened.email);

    expect(row).toMatchObject({ state: 'done', outcome: 'updated' });
    expectOthersWritten(contact, RETIRED.screened.number);
    expect(contactWrites(contact.id).map((r) => r.status)).toEqual([200]);
    expect(contactWrites(contact.id)[0].body).toMatchObject({
      custom_attributes: expect.not.objectContaining({ member_type: expect.anything() }) as unknown,
    });
    expectOneWarning(contact);
  });

  it('a 400 about the whole request fails its own notification for good, not the next one', async () => {
    const whole = intercom.store.addContact({ role: 'user', email: ACTIVE.email });
    // Every write of that contact is refused, with or without custom attributes.
    intercom.faults.failNext(10, 400, { method: 'PUT', pathPrefix: `/contacts/${whole.id}` });
    const payload = conversationNotification(whole.id);
    await t.sendWebhook(payload).expect(200);
    const failed = await settledRow(t.mysql, payload.id as string);

    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/^IntercomRequestError/);
    // The write, then the write without custom attributes: both refused, nothing more.
    expect(contactWrites(whole.id).map((r) => r.status)).toEqual([400, 400]);
    expect(intercom.store.getContact(whole.id)?.custom_attributes).toEqual({});
    expect(refusalWarnings(whole.id)).toEqual([]);

    const { contact, row } = await notify(RETIRED.beside.email);
    expect(row).toMatchObject({ state: 'done', outcome: 'updated' });
    expectOthersWritten(contact, RETIRED.beside.number);
    intercom.faults.reset();
  });
});
