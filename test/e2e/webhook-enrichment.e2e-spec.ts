import { buildCli, runCli, type CliBuild } from '../support/cli-process';
import type { StoredDataAttribute } from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { mysqlEnv } from '../support/mysql-env';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { inboxRows, settledRow } from '../support/inbox-rows';
import { PrometheusText } from '../support/prometheus-text';
import {
  startTestApp,
  TEST_INTERCOM_TOKEN,
  TEST_LOOKUP_KEY,
  TEST_SERVICE_ROLE_KEY,
  type TestApp,
} from '../support/test-app';
import { conversationNotification, sample } from '../support/webhook-payloads';

/** What the gateway logs when Intercom refused a write for an attribute the workspace lacks. */
const MISSING_ATTRIBUTE_LOG =
  'Intercom workspace lacks a custom data attribute; written without it (run `npm run cli -- setup`)';
const MISSING_ATTRIBUTE_METRIC = 'natca_intercom_missing_attribute_total';

/** Intercom's cap on a custom string attribute. */
const ATTRIBUTE_CAP = 255;

/**
 * Twelve current titles of one member, newest start date first (the contract's order).
 * The first five joined take exactly 255 characters, so they would fit without the
 * ` (+7 more)` mark but not with it; the seventh is short, so that a service that skipped
 * a title to squeeze a later one in would show. Alphabetical order differs from this one.
 */
const LONG_TITLES = [
  'Regional Vice President Alternate Representative 01',
  'National Legislative Committee Chair Great Lakes 02',
  'Facility Representative for Training and Safety 03',
  'Alternate Facility Representative Chicago Center 04',
  'Occupational Safety Health Representative 05',
  'Area Representative Terminal Radar Approach Control 06',
  'Vice President Alternate 07',
  'Collective Bargaining Team Member for Article 114 08',
  'Professional Standards Representative ZAU 09',
  'Retirement Benefits Committee Member Great Lakes 10',
  'Contract Implementation Team Representative 11',
  'Safety Management System Liaison Representative 12',
];

describe('webhook → contact enrichment', () => {
  let t: TestApp;

  const rows = () => inboxRows(t.mysql);
  const settled = (id: string) => settledRow(t.mysql, id);
  const puts = (contactId: string) =>
    t.intercom.requests.filter((r) => r.method === 'PUT' && r.path === `/contacts/${contactId}`);

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
    await insertMember(t.mysql, {
      membernumber: '12345',
      email: 'john.doe@example.com',
      phone: '(765) 465-7031',
      facility_id: 1,
      membertypeid: 8,
    });
    await insertMember(t.mysql, {
      membernumber: '777',
      email: 'retired@example.com',
      status: 'Retired',
      phone: 'n/a',
      facility_id: 1,
    });
    await insertPositions(t.postgres, [
      {
        membernumber: '12345',
        positiontype: 'Area Representative',
        start_date: daysFromToday(-400),
      },
      { membernumber: '12345', positiontype: 'Facility President', start_date: daysFromToday(-30) },
    ]);
    await insertMember(t.mysql, {
      membernumber: '5150',
      email: 'many.positions@example.com',
      facility_id: 2,
    });
    // Stored in an order that is neither the contract's nor alphabetical.
    const storedOrder = [7, 2, 11, 0, 5, 9, 3, 10, 1, 8, 4, 6];
    await insertPositions(
      t.postgres,
      storedOrder.map((i) => ({
        membernumber: '5150',
        positiontype: LONG_TITLES[i],
        // Title i started i days after title i + 1: index 0 is the newest.
        start_date: daysFromToday(-10 - i),
        end_date: i % 2 === 0 ? null : daysFromToday(30),
      })),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.intercom.faults.reset();
    expect(t.intercom.validationErrors).toEqual([]);
  });

  it('updates the contact of a member who writes in, exactly once', async () => {
    const contact = t.intercom.store.addContact({ role: 'user', email: 'John.Doe@example.com' });
    const payload = conversationNotification(contact.id);
    await t.sendWebhook(payload).expect(200, { received: true });
    const result = await settled(payload.id as string);
    expect(result).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
    expect(puts(contact.id)).toHaveLength(1);
    expect(puts(contact.id)[0].body).toEqual({
      custom_attributes: {
        member_number: '12345',
        member_type: 'NATCA Employee',
        region: 'GL',
        facility: 'ZAU',
        positions: 'Facility President, Area Representative',
      },
      phone: '+17654657031',
    });
    expect(puts(contact.id)[0].headers['intercom-version']).toBe('2.11');
    expect(t.intercom.store.getContact(contact.id)?.custom_attributes).toMatchObject({
      member_number: '12345',
    });
    expect(t.logs.entries('Updated Intercom contact with member data')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contact_id: contact.id, member_number: '12345' }),
      ]),
    );
  });

  it('writes RNAV and no phone for a retired member with an invalid number', async () => {
    const contact = t.intercom.store.addContact({ role: 'lead', email: 'retired@example.com' });
    const payload = conversationNotification(contact.id, { topic: 'conversation.user.created' });
    await t.sendWebhook(payload).expect(200);
    await settled(payload.id as string);
    expect(puts(contact.id)[0].body).toEqual({
      custom_attributes: {
        member_number: '777',
        member_type: 'Retired Member',
        region: 'RNAV',
        facility: 'RNAV',
        positions: '',
      },
    });
  });

  it.each([
    [
      'the contact already has a member number',
      { email: 'john.doe@example.com', custom_attributes: { member_number: '999' } },
      'already_enriched',
    ],
    ['the contact has no email', { email: undefined }, 'no_email'],
    ['no member has that email', { email: 'stranger@example.com' }, 'member_not_found'],
  ])('does nothing when %s', async (_label, seed, outcome) => {
    const contact = t.intercom.store.addContact({ role: 'user', ...seed });
    const payload = conversationNotification(contact.id);
    await t.sendWebhook(payload).expect(200);
    await expect(settled(payload.id as string)).resolves.toMatchObject({ state: 'done', outcome });
    expect(puts(contact.id)).toHaveLength(0);
  });

  it('ends as done when the contact does not exist', async () => {
    const payload = conversationNotification('000000000000000000000000');
    await t.sendWebhook(payload).expect(200);
    await expect(settled(payload.id as string)).resolves.toMatchObject({
      state: 'done',
      outcome: 'contact_not_found',
      attempts: 1,
    });
  });

  it('ends as done when no contact id can be found', async () => {
    const payload = conversationNotification('x');
    (payload.data as { item: Record<string, unknown> }).item = {
      type: 'conversation',
      id: '1',
      source: { author: { type: 'admin', id: 'a1' } },
    };
    await t.sendWebhook(payload).expect(200);
    await expect(settled(payload.id as string)).resolves.toMatchObject({
      state: 'done',
      outcome: 'no_contact_id',
    });
  });

  it('handles the older payload generation (real sample)', async () => {
    t.intercom.store.addContact({
      id: '5c9553cb27e377f24eed49f7',
      role: 'lead',
      email: 'john.doe@example.com',
    });
    const payload = sample('conversation_user_replied.json');
    await t.sendWebhook(payload).expect(200);
    await expect(settled(payload.id as string)).resolves.toMatchObject({
      state: 'done',
      outcome: 'updated',
    });
    expect(puts('5c9553cb27e377f24eed49f7')).toHaveLength(1);
  });

  it('records a repeated notification once and processes it once', async () => {
    const contact = t.intercom.store.addContact({ role: 'user', email: 'john.doe@example.com' });
    const payload = conversationNotification(contact.id);
    await Promise.all([t.sendWebhook(payload).expect(200), t.sendWebhook(payload).expect(200)]);
    await settled(payload.id as string);
    await t.sendWebhook(payload).expect(200);
    expect((await rows()).filter((r) => r.notification_id === payload.id)).toHaveLength(1);
    expect(puts(contact.id)).toHaveLength(1);
  });

  it('retries Intercom failures and updates once when Intercom recovers', async () => {
    const contact = t.intercom.store.addContact({ role: 'user', email: 'john.doe@example.com' });
    t.intercom.faults.failNext(2, 503, { method: 'GET', pathPrefix: `/contacts/${contact.id}` });
    const payload = conversationNotification(contact.id);
    await t.sendWebhook(payload).expect(200);
    await expect(settled(payload.id as string)).resolves.toMatchObject({
      state: 'done',
      outcome: 'updated',
      attempts: 3,
    });
    expect(puts(contact.id)).toHaveLength(1);
  });

  it('keeps a notification as failed, with its error, after the last attempt; replay brings it to done', async () => {
    const contact = t.intercom.store.addContact({ role: 'user', email: 'john.doe@example.com' });
    t.intercom.faults.failNext(4, 500, { method: 'PUT', pathPrefix: `/contacts/${contact.id}` });
    const payload = conversationNotification(contact.id);
    await t.sendWebhook(payload).expect(200);
    const failed = await settled(payload.id as string);
    expect(failed).toMatchObject({ state: 'failed', attempts: 4 });
    expect(failed.last_error).toContain('HTTP 500');
    expect(puts(contact.id)).toHaveLength(4);
  });

  describe('a workspace without the facility attribute', () => {
    let removed: StoredDataAttribute;
    let cli: CliBuild;

    const scrape = async () =>
      new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
    const missingAttributeLogs = () => t.logs.entries(MISSING_ATTRIBUTE_LOG);

    beforeAll(async () => {
      cli = await buildCli();
      removed = t.intercom.store.removeDataAttribute('facility');
    }, 60_000);

    afterAll(async () => {
      // Whatever happened above, the other tests get the workspace they started with.
      if (removed && !t.intercom.store.dataAttribute('facility')) {
        t.intercom.store.addDataAttribute(removed);
      }
      await cli?.remove();
    });

    it('writes every other attribute in one attempt, warns naming facility and counts it', async () => {
      const before = await scrape();
      const logsBefore = missingAttributeLogs().length;
      const contact = t.intercom.store.addContact({ role: 'user', email: 'john.doe@example.com' });
      const payload = conversationNotification(contact.id, { topic: 'conversation.user.created' });

      await t.sendWebhook(payload).expect(200, { received: true });

      await expect(settled(payload.id as string)).resolves.toMatchObject({
        state: 'done',
        outcome: 'updated',
        attempts: 1,
      });
      const stored = t.intercom.store.getContact(contact.id)?.custom_attributes;
      expect(stored).toEqual({
        member_number: '12345',
        member_type: 'NATCA Employee',
        region: 'GL',
        positions: 'Facility President, Area Representative',
      });
      expect(stored).not.toHaveProperty('facility');
      // Intercom refused the whole first write; the second one left facility out, and only it.
      const writes = puts(contact.id);
      expect(writes.map((w) => w.status)).toEqual([400, 200]);
      expect(writes[0].body).toMatchObject({ custom_attributes: { facility: 'ZAU' } });
      expect(writes[1].body).toEqual({
        custom_attributes: {
          member_number: '12345',
          member_type: 'NATCA Employee',
          region: 'GL',
          positions: 'Facility President, Area Representative',
        },
        phone: '+17654657031',
      });
      const warnings = missingAttributeLogs().slice(logsBefore);
      expect(warnings).toEqual([
        expect.objectContaining({ attribute: 'facility', operation: 'PUT contact' }),
      ]);
      expect(warnings[0].level).toBe(40);
      const after = await scrape();
      expect(after.value(MISSING_ATTRIBUTE_METRIC, { attribute: 'facility' })).toBe(
        before.value(MISSING_ATTRIBUTE_METRIC, { attribute: 'facility' }) + 1,
      );
    });

    it('`cli setup` creates facility as text; the next write carries it at once', async () => {
      const result = await runCli(cli, ['setup'], {
        NODE_ENV: 'test',
        ...mysqlEnv(t.mysql.name),
        SUPABASE_URL: t.postgrest.url,
        SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
        INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
        INTERCOM_API_BASE_URL: t.intercom.url,
      });

      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toContain('Created 1 attribute(s): facility.');
      expect(t.intercom.store.dataAttribute('facility')).toMatchObject({
        name: 'facility',
        data_type: 'string',
        custom: true,
        archived: false,
      });

      const logsBefore = missingAttributeLogs().length;
      const contact = t.intercom.store.addContact({ role: 'user', email: 'john.doe@example.com' });
      const payload = conversationNotification(contact.id, { topic: 'conversation.user.created' });
      await t.sendWebhook(payload).expect(200);
      await expect(settled(payload.id as string)).resolves.toMatchObject({
        state: 'done',
        outcome: 'updated',
        attempts: 1,
      });
      expect(puts(contact.id).map((w) => w.status)).toEqual([200]);
      expect(t.intercom.store.getContact(contact.id)?.custom_attributes).toMatchObject({
        member_number: '12345',
        facility: 'ZAU',
      });
      expect(missingAttributeLogs().slice(logsBefore)).toEqual([]);
    }, 60_000);
  });

  it('writes as many whole positions as fit in 255 characters, then how many were left out', async () => {
    // K, independently of the service: the most leading titles that fit with their mark.
    const written = (k: number) =>
      LONG_TITLES.slice(0, k).join(', ') +
      (k < LONG_TITLES.length ? ` (+${LONG_TITLES.length - k} more)` : '');
    let k = LONG_TITLES.length;
    while (k > 0 && written(k).length > ATTRIBUTE_CAP) k -= 1;
    // The fixture is what it says: K is 4, and 5 titles alone would have fitted.
    expect(k).toBe(4);
    expect(LONG_TITLES.slice(0, k + 1).join(', ')).toHaveLength(ATTRIBUTE_CAP);
    for (const title of LONG_TITLES) {
      expect(title.length).toBeGreaterThanOrEqual(25);
      expect(title.length).toBeLessThanOrEqual(60);
    }

    const contact = t.intercom.store.addContact({
      role: 'user',
      email: 'many.positions@example.com',
    });
    const payload = conversationNotification(contact.id, { topic: 'conversation.user.created' });
    await t.sendWebhook(payload).expect(200);

    await expect(settled(payload.id as string)).resolves.toMatchObject({
      state: 'done',
      outcome: 'updated',
      attempts: 1,
    });
    expect(puts(contact.id).map((w) => w.status)).toEqual([200]);
    const positions = t.intercom.store.getContact(contact.id)?.custom_attributes.positions;
    expect(typeof positions).toBe('string');
    expect((positions as string).length).toBeLessThanOrEqual(ATTRIBUTE_CAP);
    expect(positions).toBe(
      `${LONG_TITLES.slice(0, k).join(', ')} (+${LONG_TITLES.length - k} more)`,
    );
    expect(t.intercom.store.getContact(contact.id)?.custom_attributes).toMatchObject({
      member_number: '5150',
      region: 'NEA',
      facility: 'BOS',
    });

    // The lookup still gives every title, in the same order.
    const lookup = await t
      .http()
      .post('/api/intercom/lookup-email')
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email: 'many.positions@example.com' })
      .expect(200);
    expect(lookup.body).toMatchObject({ found: true, member_number: '5150' });
    expect(lookup.body.positions).toEqual(LONG_TITLES);
  });

  describe('acknowledgement', () => {
    it('answers ping and unhandled topics without recording them', async () => {
      const before = (await rows()).length;
      await t.sendWebhook(sample('ping.json')).expect(200, { received: true });
      await t
        .sendWebhook({ ...conversationNotification('c'), topic: 'contact.created' })
        .expect(200);
      expect((await rows()).length).toBe(before);
    });

    it('answers HEAD with 200', async () => {
      await t.http().head('/api/intercom/webhook').expect(200);
    });

    it('answers 401 for a missing or wrong signature and records nothing', async () => {
      const before = (await rows()).length;
      const payload = conversationNotification('c1');
      const unsigned = await t.sendWebhook(payload, { secret: null }).expect(401);
      expect(unsigned.body).toEqual({ error: 'Invalid signature' });
      await t.sendWebhook(payload, { secret: 'not-the-secret' }).expect(401);
      expect((await rows()).length).toBe(before);
    });

    it('checks the signature before the JSON: unsigned garbage is 401, signed garbage 400', async () => {
      await t.sendWebhook('{not json', { secret: null }).expect(401);
      const res = await t.sendWebhook('{not json').expect(400);
      expect(res.body).toEqual({ error: 'Request body must be a JSON object' });
      await t.sendWebhook('[1,2]').expect(400);
    });

    it('answers 413 over 1 MB, before looking at the signature', async () => {
      const big = JSON.stringify({
        topic: 'conversation.user.replied',
        pad: 'x'.repeat(1_100_000),
      });
      const res = await t.sendWebhook(big, { secret: null }).expect(413);
      expect(res.body).toEqual({ error: 'Payload too large' });
    });

    it('answers 503 when the inbox cannot be written, so Intercom delivers again', async () => {
      await t.mysql.query('RENAME TABLE intercom_notifications TO intercom_notifications_away');
      try {
        const res = await t.sendWebhook(conversationNotification('c2')).expect(503);
        expect(res.body).toEqual({ error: 'Notification could not be recorded, please retry' });
      } finally {
        await t.mysql.query('RENAME TABLE intercom_notifications_away TO intercom_notifications');
      }
    });

    it('logs the topic and id of each notification, never its payload or signature', async () => {
      const payload = conversationNotification('c3');
      await t.sendWebhook(payload).expect(200);
      expect(t.logs.entries('Intercom webhook received')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ topic: 'conversation.user.replied', id: payload.id }),
        ]),
      );
      expect(t.logs.text).not.toContain('notification_event_data');
      expect(t.logs.text).not.toMatch(/sha1=[0-9a-f]{40}/);
    });
  });
});
