/**
 * docs/reference.md, "Walks over Intercom's search", on the real app: the full
 * reconciliation (MemberSyncService.runFull, what `refresh --all` and the daily run call)
 * against MariaDB, PostgreSQL behind the PostgREST double and an Intercom double whose
 * search misbehaves as integrators report (FIELD-NOTES, "Paging is stateless"): a page
 * returned twice, ids repeated on two pages, an order by `updated_at` that the run's own
 * writes change, a cursor that keeps repeating. Every contact ends right with one write
 * each, or the run ends `incomplete` (report, log, metrics). The CLI's exit codes:
 * search-walks-cli.e2e-spec.ts.
 */
import { MemberSyncService } from '../../src/member-sync/member-sync.service';
import type { RecordedRequest } from '../support/intercom-double/intercom-double';
import { seedGeography } from '../support/member-fixtures';
import { enrichedAttributes, insertStaleContacts } from '../support/member-sync-stack';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('full reconciliation over a misbehaving Intercom search', () => {
  let t: TestApp;
  /** Each test's members are its own: 10 000 numbers apart. */
  let nextMember = 100_000;

  const isPut = (r: RecordedRequest) => r.method === 'PUT' && r.path.startsWith('/contacts/');
  const putsOf = (id: string) =>
    t.intercom.requests.filter((r) => isPut(r) && r.path === `/contacts/${id}`).length;

  const staleContacts = (count: number) => {
    nextMember += 10_000;
    return insertStaleContacts(t.mysql, t.intercom, nextMember - 10_000, count);
  };

  /** The contacts that do not carry what their member should, or were not written exactly once. */
  const wrongOrRewritten = (memberOf: ReadonlyMap<string, string>) =>
    [...memberOf].filter(
      ([id, number]) =>
        JSON.stringify(t.intercom.store.getContact(id)?.custom_attributes) !==
          JSON.stringify(enrichedAttributes(number)) || putsOf(id) !== 1,
    ).length;

  beforeAll(async () => {
    t = await startTestApp({ env: { MEMBER_SYNC_CONCURRENCY: '8' } });
    await seedGeography(t.mysql);
  });

  afterEach(() => {
    t.intercom.searchFaults.reset();
    expect(t.intercom.validationErrors).toEqual([]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('asks a page returned twice again: every contact right, one write each', async () => {
    const memberOf = await staleContacts(200);
    t.intercom.searchFaults.repeatPage(1);

    const report = await t.app.get(MemberSyncService).runFull();

    expect(report).toMatchObject({ end: 'completed', contactsWritten: 200, failed: 0 });
    expect(wrongOrRewritten(memberOf)).toBe(0);
  });

  it('writes a contact repeated on two pages once', async () => {
    const memberOf = await staleContacts(200);
    t.intercom.searchFaults.repeatIds(30);

    const report = await t.app.get(MemberSyncService).runFull();

    expect(report).toMatchObject({ end: 'completed', contactsWritten: 200, failed: 0 });
    expect(wrongOrRewritten(memberOf)).toBe(0);
  });

  it('loses no contact when its own writes move contacts behind the cursor (order by updated_at)', async () => {
    const memberOf = await staleContacts(450);
    t.intercom.searchFaults.orderByUpdatedAt();

    const report = await t.app.get(MemberSyncService).runFull();

    expect(report).toMatchObject({ end: 'completed', contactsWritten: 450, failed: 0 });
    expect(wrongOrRewritten(memberOf)).toBe(0);
  });

  it('ends incomplete (report, log, metrics) when the cursor keeps repeating past the bound', async () => {
    const memberOf = await staleContacts(200);
    t.intercom.searchFaults.repeatPage(1_000);

    const report = await t.app.get(MemberSyncService).runFull();

    expect(report.end).toBe('incomplete');
    expect(report.incomplete).toMatch(/cursor it had given before/);
    // What it saw was written, once each; nothing else.
    const written = [...memberOf.keys()].filter((id) => putsOf(id) > 0);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(memberOf.size);
    expect(written.every((id) => putsOf(id) === 1)).toBe(true);
    expect(t.logs.entries('Member sync full run incomplete')).toEqual([
      expect.objectContaining({ incomplete: report.incomplete }),
    ]);
    const metrics = new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
    expect(
      metrics.value('natca_member_sync_runs_total', { kind: 'full', outcome: 'incomplete' }),
    ).toBe(1);
    expect(
      metrics.value('natca_intercom_search_walks_total', {
        walk: 'full_reconciliation',
        outcome: 'incomplete',
      }),
    ).toBe(1);
    expect(
      metrics.value('natca_intercom_search_repeats_total', {
        walk: 'full_reconciliation',
        what: 'page',
      }),
    ).toBeGreaterThan(3);

    // The next run, over a search that behaves, finishes the work, writing each contact once.
    t.intercom.searchFaults.reset();
    const again = await t.app.get(MemberSyncService).runFull();
    expect(again.end).toBe('completed');
    expect(wrongOrRewritten(memberOf)).toBe(0);
  });
});
