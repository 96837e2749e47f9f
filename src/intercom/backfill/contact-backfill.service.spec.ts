import { EventEmitter2 } from '@nestjs/event-emitter';
import { Logger } from '@nestjs/common';
import type {
  ContactEnrichment,
  ContactEnrichmentService,
} from '../enrichment/contact-enrichment.service';
import type { ContactPage, IntercomContact } from '../gateway/intercom-contact';
import { IntercomRequestError } from '../gateway/intercom.errors';
import type { IntercomGateway } from '../gateway/intercom.gateway';
import { addCounts, NO_COUNTS, type BackfillCounts, type BackfillRun } from './backfill-run';
import { BackfillRunRepository } from './backfill-run.repository';
import { BackfillCursorRejectedError } from './backfill.errors';
import { ContactBackfillService } from './contact-backfill.service';

const contact = (id: string, email: string | null = `${id}@example.com`): IntercomContact => ({
  id,
  role: 'user',
  email,
  phone: null,
  customAttributes: {},
  createdAt: 0,
});

/**
 * Intercom's search over a fixed list: enriched contacts leave it, as they
 * leave the real search, and the cursor is a position in the full order (keyset).
 */
function fakeIntercom(contacts: IntercomContact[], enriched: ReadonlySet<string>) {
  const calls: Array<{ perPage?: number; cursor?: string | null }> = [];
  let failNext: Error | undefined;
  const position = (id: string) => contacts.findIndex((c) => c.id === id);
  const gateway = {
    searchContacts(_query: unknown, page: { perPage?: number; cursor?: string | null } = {}) {
      calls.push(page);
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        return Promise.reject(error);
      }
      const matching = contacts.filter((c) => !enriched.has(c.id));
      const after = page.cursor ? position(page.cursor) : -1;
      const rest = matching.filter((c) => position(c.id) > after);
      const slice = rest.slice(0, page.perPage ?? 50);
      return Promise.resolve<ContactPage>({
        contacts: slice,
        totalCount: matching.length,
        nextCursor: rest.length > slice.length ? slice[slice.length - 1].id : null,
      });
    },
  };
  return {
    gateway: gateway as unknown as IntercomGateway,
    calls,
    failNextSearch: (error: Error) => (failNext = error),
  };
}

/** Members are the contacts whose id starts with `m`; ids starting with `x` fail. */
function fakeEnrichment(enriched: Set<string>) {
  const seen: Array<{ id: string; dryRun: boolean }> = [];
  const service = {
    enrichNew(c: IntercomContact, options: { dryRun?: boolean } = {}) {
      seen.push({ id: c.id, dryRun: options.dryRun === true });
      if (c.id.startsWith('x')) return Promise.reject(new Error('Intercom down'));
      const outcome = c.id.startsWith('m') ? 'updated' : 'member_not_found';
      if (outcome === 'updated' && !options.dryRun) enriched.add(c.id);
      const result: ContactEnrichment = { contactId: c.id, role: 'user', outcome, changes: [] };
      return Promise.resolve(result);
    },
  };
  return {
    service: service as unknown as ContactEnrichmentService,
    seen,
  };
}

class MemoryRuns extends BackfillRunRepository {
  readonly rows: Array<BackfillRun & { status: string }> = [];
  locked = false;

  findOpen(queryKey: string): Promise<BackfillRun | null> {
    return Promise.resolve(
      this.rows.find((r) => r.queryKey === queryKey && r.status === 'open') ?? null,
    );
  }

  start(queryKey: string, updatedSince: number | null): Promise<BackfillRun> {
    const run = {
      id: this.rows.length + 1,
      queryKey,
      updatedSince,
      cursor: null,
      pages: 0,
      counts: { ...NO_COUNTS },
      startedAt: new Date(),
      status: 'open',
    };
    this.rows.push(run);
    return Promise.resolve({ ...run });
  }

  savePage(id: number, nextCursor: string | null, counts: BackfillCounts): Promise<void> {
    const run = this.rows.find((r) => r.id === id);
    if (!run) throw new Error(`no run ${id}`);
    Object.assign(run, {
      cursor: nextCursor,
      pages: run.pages + 1,
      counts: addCounts(run.counts, counts),
      status: nextCursor === null ? 'completed' : 'open',
    });
    return Promise.resolve();
  }

  abandon(id: number): Promise<void> {
    const run = this.rows.find((r) => r.id === id);
    if (run) run.status = 'abandoned';
    return Promise.resolve();
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    this.locked = true;
    try {
      return await work();
    } finally {
      this.locked = false;
    }
  }
}

/** 120 contacts: two in three are members. */
const workspace = () =>
  Array.from({ length: 120 }, (_, i) => contact(`${i % 3 === 2 ? 'n' : 'm'}${i}`));

describe('ContactBackfillService', () => {
  // The failures it logs are asserted through the report.
  beforeAll(() => Logger.overrideLogger(false));

  let intercom: ReturnType<typeof fakeIntercom>;
  let enrichment: ReturnType<typeof fakeEnrichment>;
  let runs: MemoryRuns;
  let service: ContactBackfillService;

  const setUp = (contacts: IntercomContact[]) => {
    const enriched = new Set<string>();
    intercom = fakeIntercom(contacts, enriched);
    enrichment = fakeEnrichment(enriched);
    runs = new MemoryRuns();
    service = new ContactBackfillService(
      intercom.gateway,
      enrichment.service,
      runs,
      new EventEmitter2(),
    );
  };

  beforeEach(() => setUp(workspace()));

  it('walks every page, counts each outcome and closes the run', async () => {
    const report = await service.run({});
    expect(report).toMatchObject({
      end: 'completed',
      processed: 120,
      pages: 3,
      resumedAfterPages: null,
      counts: { enriched: 80, notMember: 40, skipped: 0, failed: 0 },
    });
    expect(runs.rows).toEqual([
      expect.objectContaining({ queryKey: 'all', status: 'completed', pages: 3, cursor: null }),
    ]);
  });

  it('stops at --limit on a page boundary, and the next invocation continues there', async () => {
    const first = await service.run({ limit: 70 });
    expect(first).toMatchObject({ end: 'limit_reached', processed: 70, pages: 2 });
    expect(intercom.calls.map((c) => c.perPage)).toEqual([50, 20]);

    const second = await service.run({});
    expect(second).toMatchObject({ end: 'completed', processed: 50, resumedAfterPages: 2 });
    expect(intercom.calls[2].cursor).toBe('m69');
    expect(new Set(enrichment.seen.map((s) => s.id)).size).toBe(120);
    expect(enrichment.seen).toHaveLength(120);
  });

  it('stops after the page in hand when aborted, with that page saved', async () => {
    const controller = new AbortController();
    const report = await service.run({
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.processed === 10) controller.abort();
      },
    });
    expect(report).toMatchObject({ end: 'interrupted', processed: 50, pages: 1 });
    expect(runs.rows[0]).toMatchObject({ status: 'open', cursor: 'm49', pages: 1 });
  });

  it('saves nothing in a dry run and tells the enrichment to write nothing', async () => {
    const report = await service.run({ dryRun: true });
    expect(report).toMatchObject({ end: 'completed', dryRun: true, processed: 120 });
    expect(runs.rows).toEqual([]);
    expect(runs.locked).toBe(false);
    expect(enrichment.seen.every((s) => s.dryRun)).toBe(true);
  });

  it('keeps a run per search: --since starts its own, and keeps its window when resumed', async () => {
    const realNow = Date.now;
    Date.now = () => 1_000_000_000_000;
    try {
      await service.run({ since: { label: '7d', ms: 7 * 86_400_000 }, limit: 50 });
    } finally {
      Date.now = realNow;
    }
    await service.run({ since: { label: '7d', ms: 7 * 86_400_000 }, limit: 10 });
    expect(runs.rows).toHaveLength(1);
    expect(runs.rows[0]).toMatchObject({
      queryKey: 'since=7d',
      updatedSince: 1_000_000_000 - 7 * 86_400,
      pages: 2,
    });
  });

  it('--restart abandons the open run and starts from the first page', async () => {
    await service.run({ limit: 50 });
    await service.run({ restart: true, limit: 50 });
    expect(runs.rows.map((r) => r.status)).toEqual(['abandoned', 'open']);
    expect(intercom.calls[1].cursor).toBeNull();
  });

  it('counts a failing contact and goes on; a page where everything fails stops the run unsaved', async () => {
    setUp([
      contact('m1'),
      contact('x2'),
      ...Array.from({ length: 50 }, (_, i) => contact(`x${i + 3}`)),
    ]);
    const report = await service.run({});
    expect(report.end).toBe('stopped_on_failures');
    expect(report.counts).toEqual({ ...NO_COUNTS, enriched: 1, failed: 51 });
    expect(report.failures).toHaveLength(20);
    expect(report.failures[0]).toEqual({ contactId: 'x2', error: 'Error: Intercom down' });
    // The first page (one success) was saved; the second (all failed) was not.
    expect(runs.rows[0]).toMatchObject({ status: 'open', pages: 1, cursor: 'x50' });
  });

  it('reports an estimate of the total that leaves out what earlier invocations finished', async () => {
    await service.run({ limit: 50 });
    const totals: number[] = [];
    await service.run({ onProgress: (progress) => totals.push(progress.total) });
    // 86 still match (34 were enriched), of which the first page's 16 non-members are behind the cursor.
    expect(totals[0]).toBe(120 - 50);
  });

  it('turns a refused saved cursor into advice to restart', async () => {
    await service.run({ limit: 50 });
    intercom.failNextSearch(new IntercomRequestError('POST contacts/search: HTTP 400', 400));
    await expect(service.run({})).rejects.toBeInstanceOf(BackfillCursorRejectedError);
  });
});
