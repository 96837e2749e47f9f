/**
 * Supabase's PostgREST as it really answers (FIELD-NOTES, "Supabase / PostgREST"), against the
 * real app: a `503` PGRST002 with `Retry-After` while the schema cache reloads is waited out
 * within the lookup's deadline; `max-rows` cuts answers short with a `200`, and the gateway
 * refuses URLs over about 8 KB: positions are still read whole, for the lookup and for the
 * member sync.
 */
import { MemberSyncService } from '../../src/member-sync/member-sync.service';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { enrichedAttributes, insertActiveMembers } from '../support/member-sync-stack';
import { daysFromToday } from '../support/positions-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('PostgREST’s schema-cache reloads and limits', () => {
  let t: TestApp;

  const lookup = (email: string) =>
    t
      .http()
      .post('/api/intercom/lookup-email')
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email });

  /** `count` current titles for `member`, `Title 001`…, all started the same day. */
  const giveTitles = (member: string, count: number) =>
    t.postgres.client.query(
      `insert into public.positions (membernumber, positiontype, start_date)
       select $1, 'Title ' || lpad(n::text, 3, '0'), $3::date from generate_series(1, $2::int) as n`,
      [member, count, daysFromToday(-10)],
    );

  beforeAll(async () => {
    t = await startTestApp({
      // The member sync writes every contact here: a few at a time, with room for a busy machine.
      env: { MEMBER_SYNC_CONCURRENCY: '8', INTERCOM_TIMEOUT_MS: '10000' },
    });
    await seedGeography(t.mysql);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => t.postgrest.faults.reset());

  it('a 503 with Retry-After: 1 gives a 200 lookup; one that does not fit the deadline a quick 500', async () => {
    await insertMember(t.mysql, { membernumber: '41001', email: 'reload@example.com' });
    await giveTitles('41001', 2);
    t.postgrest.faults.reloadSchemaCache({ requests: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const res = await lookup('reload@example.com');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ found: true, positions: ['Title 001', 'Title 002'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    // Retry-After past the lookup's 10 s: answered at once, not after a useless wait.
    t.postgrest.faults.reloadSchemaCache({ requests: 1, retryAfterSeconds: 30 });
    const hurried = Date.now();
    await lookup('reload@example.com').expect(500);
    expect(Date.now() - hurried).toBeLessThan(2_000);

    const metrics = new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
    expect(
      metrics.value('natca_http_retries_total', { dependency: 'supabase', reason: 'retry_after' }),
    ).toBe(1);
  });

  it('a member with more current positions than max-rows gets every title from the lookup', async () => {
    await insertMember(t.mysql, { membernumber: '41002', email: 'many.titles@example.com' });
    await giveTitles('41002', 130);
    t.postgrest.faults.setMaxRows(50);
    const res = await lookup('many.titles@example.com').expect(200);
    expect(res.body.positions).toHaveLength(130);
    expect(res.body.positions[129]).toBe('Title 130');
  });

  it('the member sync reads every member’s positions past max-rows, with URLs under the gateway’s limit', async () => {
    const numbers = await insertActiveMembers(t.mysql, 42_000, 150);
    const contacts = numbers.map(
      (number) =>
        t.intercom.store.addContact({
          email: `m${number}@example.com`,
          custom_attributes: enrichedAttributes(number),
        }).id,
    );
    await t.postgres.client.query(
      `insert into public.positions (membernumber, positiontype, start_date)
       select m, t, $2::date from unnest($1::text[]) as m, unnest(array['Delegate', 'Steward']) as t`,
      [numbers, daysFromToday(-5)],
    );
    t.postgrest.faults.setMaxRows(100);
    t.postgrest.faults.setUriLimit(8 * 1024);

    const report = await t.app.get(MemberSyncService).runFull();
    expect(report).toMatchObject({ end: 'completed', failed: 0 });
    const wrong = contacts.filter(
      (id) => t.intercom.store.getContact(id)?.custom_attributes.positions !== 'Delegate, Steward',
    );
    expect(wrong).toEqual([]);
    expect(t.intercom.validationErrors).toEqual([]);
  });
});
