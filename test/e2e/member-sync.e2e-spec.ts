/**
 * docs/reference.md, "Member data stays current" end to end: the real app on MariaDB, PostgreSQL behind the
 * PostgREST double and the Intercom double, with the member sync's timer at 1 s.
 * The test app turns the sync off by default (test/support/test-app.ts); these
 * tests turn it on.
 */
import { IntercomGateway } from '../../src/intercom/gateway/intercom.gateway';
import { MemberSyncService } from '../../src/member-sync/member-sync.service';
import type { RecordedRequest } from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { enrichedAttributes, insertActiveMembers } from '../support/member-sync-stack';
import { PrometheusText } from '../support/prometheus-text';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(120_000);

const INTERVAL_MS = 1_000;

const isPut = (r: RecordedRequest) => r.method === 'PUT' && r.path.startsWith('/contacts/');
const isSearch = (r: RecordedRequest) => r.method === 'POST' && r.path === '/contacts/search';

/**
 * `count` Active members from `first` (insertActiveMembers), each with one enriched contact
 * whose attributes differ from the member's by `drift(i)`; answers the contacts' ids in order.
 */
async function seedEnrichedContacts(
  t: TestApp,
  first: number,
  count: number,
  drift: (i: number) => Record<string, string>,
): Promise<string[]> {
  const numbers = await insertActiveMembers(t.mysql, first, count);
  return numbers.map(
    (number, i) =>
      t.intercom.store.addContact({
        email: `m${number}@example.com`,
        custom_attributes: enrichedAttributes(number, drift(i)),
      }).id,
  );
}

describe('member sync: enriched contacts follow the member database', () => {
  let t: TestApp;
  const puts = (contactId: string) =>
    t.intercom.requests.filter((r) => isPut(r) && r.path === `/contacts/${contactId}`);
  const contact = (id: string) => t.intercom.store.getContact(id);
  const successes = async (): Promise<number | null> => {
    const rows = await t.mysql.query<Array<{ ms: string | number | null }>>(
      'SELECT incremental_success_ms AS ms FROM member_sync_state WHERE id = 1',
    );
    return rows[0]?.ms === null || rows[0]?.ms === undefined ? null : Number(rows[0].ms);
  };
  /** Waits until `rounds` more incremental runs have succeeded. */
  const rounds = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const before = await successes();
      await waitFor(
        async () => {
          const now = await successes();
          return now !== null && now !== before;
        },
        'an incremental member sync run',
        15_000,
      );
    }
  };

  let steady: string;
  let mover: string;
  let leaver: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { MEMBER_SYNC_ENABLED: 'true', MEMBER_SYNC_INTERVAL_MS: String(INTERVAL_MS) },
    });
    await seedGeography(t.mysql);
    await t.mysql.query(
      `INSERT INTO facilities (id, code, name, region_id) VALUES (4, 'ORD', 'O''Hare Tower', 1)`,
    );
    // Every member's row last changed long ago: only the positions member is older still.
    const at = '2024-01-01 00:00:00';
    await insertMember(t.mysql, {
      membernumber: '1001',
      email: 'steady@example.com',
      facility_id: 1,
      updated_at: at,
    });
    await insertMember(t.mysql, {
      membernumber: '1002',
      email: 'mover@example.com',
      facility_id: 1,
      updated_at: at,
    });
    await insertMember(t.mysql, {
      membernumber: '1003',
      email: 'leaver@example.com',
      facility_id: 2,
      updated_at: at,
    });
    await insertMember(t.mysql, {
      membernumber: '1004',
      email: 'officer@example.com',
      facility_id: 1,
      updated_at: '2023-06-01 00:00:00',
    });
    await insertPositions(t.postgres, [
      { membernumber: '1003', positiontype: 'Facility President', start_date: daysFromToday(-300) },
      // Current when the officer's contact is enriched; "ends yesterday" later in the test.
      { membernumber: '1004', positiontype: 'Old Role', start_date: daysFromToday(-300) },
    ]);
    steady = t.intercom.store.addContact({
      email: 'steady@example.com',
      custom_attributes: enrichedAttributes('1001'),
    }).id;
    mover = t.intercom.store.addContact({
      email: 'mover@example.com',
      custom_attributes: enrichedAttributes('1002'),
    }).id;
    leaver = t.intercom.store.addContact({
      email: 'leaver@example.com',
      custom_attributes: enrichedAttributes('1003', {
        region: 'NEA',
        facility: 'BOS',
        positions: 'Facility President',
      }),
    }).id;
    // Not enriched yet: the webhook enriches it (and tells the sync what it wrote).
    officer = t.intercom.store.addContact({ email: 'officer@example.com' }).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    expect(t.intercom.validationErrors).toEqual([]);
  });

  it('costs no PUT while nothing changed', async () => {
    await rounds(2);
    expect(t.intercom.requests.filter(isPut)).toEqual([]);
    // The contacts were compared: found by member number, many members per search.
    const searches = t.intercom.requests.filter(isSearch);
    expect(searches.length).toBeGreaterThan(0);
    expect(searches[0].body).toMatchObject({
      query: { field: 'custom_attributes.member_number', operator: 'IN' },
      pagination: { per_page: 150 },
    });
    expect((searches[0].body as { query: { value: string[] } }).query.value).toEqual(
      expect.arrayContaining(['1001', '1002', '1003']),
    );
  });

  it('writes a facility change in MySQL to the contact within two intervals, only what differs', async () => {
    const changedAt = Date.now();
    await t.mysql.query(
      `UPDATE members SET facility_id = 4, updated_at = UTC_TIMESTAMP() WHERE membernumber = '1002'`,
    );
    await waitFor(
      () => contact(mover)?.custom_attributes.facility === 'ORD',
      'facility ORD',
      2 * INTERVAL_MS + 5_000,
    );
    expect(puts(mover)).toHaveLength(1);
    expect(puts(mover)[0].at - changedAt).toBeLessThanOrEqual(2 * INTERVAL_MS + 1_500);
    expect(contact(mover)).toMatchObject({
      email: 'mover@example.com',
      custom_attributes: enrichedAttributes('1002', { facility: 'ORD' }),
    });
    await rounds(2);
    expect(puts(mover)).toHaveLength(1);
    expect(puts(steady)).toEqual([]);
  });

  it('shows a member set to Inactive as such, positions emptied, member_number kept', async () => {
    // Only the status moves: updated_at stays, so the "last written" record is what notices.
    await t.mysql.query(`UPDATE members SET status = 'Inactive' WHERE membernumber = '1003'`);
    await waitFor(
      () => contact(leaver)?.custom_attributes.member_type === 'Inactive',
      'Inactive',
      2 * INTERVAL_MS + 5_000,
    );
    expect(contact(leaver)?.custom_attributes).toEqual({
      member_number: '1003',
      member_type: 'Inactive',
      region: 'NEA',
      facility: 'BOS',
      positions: '',
    });
    expect(contact(leaver)?.email).toBe('leaver@example.com');
    await rounds(2);
    expect(puts(leaver)).toHaveLength(1);
  });

  it('follows positions that end and start, with no row change in MySQL', async () => {
    const payload = conversationNotification(officer);
    await t.sendWebhook(payload).expect(200);
    await waitFor(() => contact(officer)?.custom_attributes.positions === 'Old Role', 'enrichment');
    await rounds(1);
    const before = puts(officer).length;
    await t.postgres.client.query(
      `update public.positions set end_date = $1 where membernumber = '1004'`,
      [daysFromToday(-1)],
    );
    await insertPositions(t.postgres, [
      { membernumber: '1004', positiontype: 'New Role', start_date: daysFromToday(0) },
    ]);
    await waitFor(
      () => contact(officer)?.custom_attributes.positions === 'New Role',
      'New Role',
      2 * INTERVAL_MS + 5_000,
    );
    expect(puts(officer)).toHaveLength(before + 1);
    expect(puts(officer)[before].body).toEqual({
      custom_attributes: enrichedAttributes('1004', { positions: 'New Role' }),
    });
    const [row] = await t.mysql.query<Array<{ updated_at: string }>>(
      `SELECT updated_at FROM members WHERE membernumber = '1004'`,
    );
    expect(String(row.updated_at)).toContain('2023-06-01');
  });

  it('reports what it compared and wrote, and when it last succeeded, on /api/metrics', async () => {
    // A contact shows its new value before the run that wrote it has ended (and been counted).
    await rounds(1);
    const metrics = new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
    const attribute = (name: string) =>
      metrics.value('natca_member_sync_attributes_written_total', { attribute: name });
    expect(attribute('facility')).toBe(1);
    expect(attribute('member_type')).toBe(1);
    expect(attribute('positions')).toBe(2);
    expect(attribute('region')).toBe(0);
    expect(
      metrics.value('natca_member_sync_contacts_compared_total', { kind: 'incremental' }),
    ).toBeGreaterThan(3);
    expect(metrics.value('natca_member_sync_failures_total', { kind: 'incremental' })).toBe(0);
    const last = metrics.value('natca_member_sync_last_success_timestamp_seconds', {
      kind: 'incremental',
    });
    expect(Date.now() / 1000 - last).toBeLessThan(30);
    // Nothing personal: no member number, email or phone on the page. Sample values are left
    // out of the check: a byte count such as 110020608 holds "1002" and says nothing of anyone.
    const withoutValues = metrics.text.replace(/ [-+]?(?:[\d.]+(?:e[-+]?\d+)?|Inf|NaN)$/gim, '');
    expect(withoutValues).toContain(
      'natca_member_sync_attributes_written_total{attribute="facility"}',
    );
    expect(withoutValues).not.toMatch(/1002|mover@example\.com/);
  });
});

describe('member sync: a write by another path does not hide the member’s other contacts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('brings every contact carrying the number up to date after a webhook wrote one of them', async () => {
    await insertMember(t.mysql, {
      membernumber: '7001',
      email: 'twin@example.com',
      facility_id: 1,
      updated_at: '2024-01-01 00:00:00',
    });
    // A row changed months later: the watermark lies far past 7001's, overlap included, so
    // only the record of what was written can bring 7001 back.
    await insertMember(t.mysql, {
      membernumber: '7002',
      email: 'later@example.com',
      facility_id: 1,
      updated_at: '2024-06-01 00:00:00',
    });
    // Enriched long ago under the address the member had then.
    const earlier = t.intercom.store.addContact({
      email: 'twin-old@example.com',
      custom_attributes: enrichedAttributes('7001'),
    }).id;
    const sync = t.app.get(MemberSyncService);
    await sync.runFull(); // the member is recorded as written, nothing to write
    await sync.runIncremental(); // the watermark starts at the newest row
    // A title starts today, in Supabase only: no MySQL row moves.
    await insertPositions(t.postgres, [
      { membernumber: '7001', positiontype: 'Area Representative', start_date: daysFromToday(0) },
    ]);
    // Before the next run, the member writes in from the current address: the webhook
    // enriches that new contact with the new title.
    const fresh = t.intercom.store.addContact({ email: 'twin@example.com' }).id;
    await t.sendWebhook(conversationNotification(fresh)).expect(200);
    await waitFor(
      () =>
        t.intercom.store.getContact(fresh)?.custom_attributes.positions === 'Area Representative',
      'the webhook enrichment',
    );
    expect(t.intercom.store.getContact(earlier)?.custom_attributes.positions).toBe('');

    await sync.runIncremental();
    expect(t.intercom.store.getContact(earlier)?.custom_attributes).toEqual(
      enrichedAttributes('7001', { positions: 'Area Representative' }),
    );
  });
});

describe('member sync: full reconciliation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
    await seedEnrichedContacts(t, 5000, 300, (i): Record<string, string> =>
      i % 60 === 7 ? { facility: 'BOS' } : {},
    ); // 5 drifted contacts: 7, 67, 127, 187, 247
  });

  afterAll(async () => {
    await t?.close();
  });

  it('compares every contact with a member_number: exactly the 5 drifted ones are written', async () => {
    const report = await t.app.get(MemberSyncService).runFull();
    expect(report).toMatchObject({
      end: 'completed',
      contactsCompared: 300,
      contactsWritten: 5,
      failed: 0,
    });
    expect(report.changes.get('facility "BOS" → "ZAU"')).toBe(5);
    const puts = t.intercom.requests.filter(isPut);
    expect(puts).toHaveLength(5);
    for (const put of puts) {
      expect(put.body).toMatchObject({ custom_attributes: { facility: 'ZAU' } });
    }
    const searches = t.intercom.requests.filter(isSearch);
    expect(searches.length).toBeLessThanOrEqual(Math.ceil(300 / 150) + 1);
    expect(searches[0].body).toMatchObject({
      query: { field: 'custom_attributes.member_number', operator: '!=', value: null },
      pagination: { per_page: 150 },
    });
    expect(t.intercom.validationErrors).toEqual([]);

    // Run again: everything is right now, so nothing is written.
    const again = await t.app.get(MemberSyncService).runFull();
    expect(again).toMatchObject({ contactsCompared: 300, contactsWritten: 0 });
    expect(t.intercom.requests.filter(isPut)).toHaveLength(5);
  });
});

describe('member sync: full reconciliation at the issue’s size', () => {
  const TOTAL = 1000;
  /** Contact index → the drift seeded on it: ten contacts, each off in one attribute. */
  const DRIFTS: ReadonlyMap<number, Record<string, string>> = new Map(
    Array.from({ length: 10 }, (_, k): [number, Record<string, string>] => [
      k * 100 + 37,
      [
        { facility: 'BOS' },
        { region: 'NEA' },
        { member_type: 'Retired Member' },
        { positions: 'Facility President' },
        { facility: 'BOS', region: 'NEA' },
      ][k % 5],
    ]),
  );
  let t: TestApp;
  const contactIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
    contactIds.push(...(await seedEnrichedContacts(t, 20000, TOTAL, (i) => DRIFTS.get(i) ?? {})));
  });

  afterAll(async () => {
    await t?.close();
  });

  it(`compares ${TOTAL} contacts: exactly the 10 drifted ones are written, in ⌈${TOTAL}/150⌉ searches`, async () => {
    const report = await t.app.get(MemberSyncService).runFull();
    expect(report).toMatchObject({
      end: 'completed',
      contactsCompared: TOTAL,
      contactsWritten: DRIFTS.size,
      failed: 0,
    });

    const puts = t.intercom.requests.filter(isPut);
    expect(puts.map((put) => put.path).sort()).toEqual(
      [...DRIFTS.keys()].map((i) => `/contacts/${contactIds[i]}`).sort(),
    );
    for (const put of puts) {
      const number = String(20000 + contactIds.indexOf(put.path.slice('/contacts/'.length)));
      expect(put.body).toEqual({ custom_attributes: enrichedAttributes(number) });
    }
    // Every contact is right now, the drifted ones included.
    contactIds.forEach((id, i) => {
      expect(t.intercom.store.getContact(id)?.custom_attributes).toEqual(
        enrichedAttributes(String(20000 + i)),
      );
    });

    // One search per page of 150, then the drifted contacts read again by id (one search for
    // up to 150), and no search per member.
    const searches = t.intercom.requests.filter(isSearch);
    const [reread, ...walk] = [...searches].reverse();
    expect(walk.length).toBeGreaterThanOrEqual(Math.ceil(TOTAL / 150));
    expect(walk.length).toBeLessThanOrEqual(Math.ceil(TOTAL / 150) + 1);
    for (const search of walk) {
      expect(search.body).toMatchObject({
        query: { field: 'custom_attributes.member_number', operator: '!=', value: null },
        pagination: { per_page: 150 },
      });
    }
    expect(reread.body).toMatchObject({ query: { field: 'id', operator: 'IN' } });
    expect(
      ((reread.body as { query: { value: string[] } }).query.value ?? []).slice().sort(),
    ).toEqual([...DRIFTS.keys()].map((i) => contactIds[i]).sort());
    expect(t.intercom.validationErrors).toEqual([]);
  });
});

describe('member sync: full reconciliation writes in parallel, within MEMBER_SYNC_CONCURRENCY', () => {
  const TOTAL = 400;
  const CONCURRENCY = 6;
  /** Per Intercom answer: one write at a time would take TOTAL × 40 ms = 16 s. */
  const LATENCY_MS = 40;
  let t: TestApp;
  const contactIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { MEMBER_SYNC_CONCURRENCY: String(CONCURRENCY) } });
    await seedGeography(t.mysql);
    contactIds.push(...(await seedEnrichedContacts(t, 40000, TOTAL, () => ({ facility: 'BOS' }))));
  });

  afterAll(async () => {
    await t?.close();
  });

  it(`has more than one write in flight, never more than ${CONCURRENCY}, each contact written once`, async () => {
    // The writes as the service makes them: from the call to its answer (rate-limit wait included).
    const gateway = t.app.get(IntercomGateway);
    const update = gateway.updateContact.bind(gateway);
    let inFlight = 0;
    let most = 0;
    const spy = jest.spyOn(gateway, 'updateContact').mockImplementation(async (id, changes) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await update(id, changes);
      } finally {
        inFlight -= 1;
      }
    });
    t.intercom.faults.setLatency(LATENCY_MS);
    const started = Date.now();
    let report;
    try {
      report = await t.app.get(MemberSyncService).runFull();
    } finally {
      t.intercom.faults.setLatency(0);
      spy.mockRestore();
    }
    const elapsed = Date.now() - started;

    expect(report).toMatchObject({
      end: 'completed',
      contactsCompared: TOTAL,
      contactsWritten: TOTAL,
      failed: 0,
    });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(CONCURRENCY);
    expect(inFlight).toBe(0);

    // As Intercom saw them: a PUT that arrived less than one latency after another came while
    // that one was still being answered.
    const arrivals = t.intercom.requests
      .filter(isPut)
      .map((put) => put.at)
      .sort((a, b) => a - b);
    let overlapping = 0;
    for (let i = 0, first = 0; i < arrivals.length; i++) {
      while (arrivals[i] - arrivals[first] >= LATENCY_MS) first += 1;
      overlapping = Math.max(overlapping, i - first + 1);
    }
    expect(overlapping).toBeGreaterThan(1);
    expect(overlapping).toBeLessThanOrEqual(CONCURRENCY);
    expect(elapsed).toBeLessThan((TOTAL * LATENCY_MS) / 2);

    const puts = t.intercom.requests.filter(isPut);
    expect(puts.map((put) => put.path).sort()).toEqual(
      contactIds.map((id) => `/contacts/${id}`).sort(),
    );
    contactIds.forEach((id, i) => {
      expect(t.intercom.store.getContact(id)?.custom_attributes).toEqual(
        enrichedAttributes(String(40000 + i)),
      );
    });
    expect(t.intercom.validationErrors).toEqual([]);
  });
});
