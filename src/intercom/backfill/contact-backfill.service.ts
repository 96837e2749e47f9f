import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ContactEnrichmentService, type EnrichmentOutcome } from '../enrichment';
import { emitIntercomEvent, ContactSearchWalkedEvent } from '../events';
import {
  ContactSearchWalk,
  IntercomRequestError,
  withBatchPriority,
  IntercomGateway,
} from '../gateway';
import type { ContactSearchQuery, IntercomContact } from '../gateway';
import { describeError } from '../inbox';
import { addCounts, NO_COUNTS, type BackfillCounts, type BackfillRun } from './backfill-run';
import { BackfillRunRepository } from './backfill-run.repository';
import { BackfillCursorRejectedError } from './backfill.errors';

/** Intercom's default page; at most 150. A page is also the unit a resumed run may redo. */
const PAGE_SIZE = 50;
/**
 * Contacts of a page worked on at once. The RateLimiter bounds the rate;
 * this only keeps enough calls in flight to use it despite Intercom's latency.
 */
const CONCURRENCY = 4;
/** Failures listed in the report; the counts cover the rest. */
const MAX_REPORTED_FAILURES = 20;

export interface BackfillOptions {
  /** Only contacts updated within this window; `label` names the search (`7d`). */
  since?: { label: string; ms: number };
  dryRun?: boolean;
  /** At most this many contacts in this invocation; the run stays open for the next. */
  limit?: number;
  /** Forget the saved position of this search and start from its first page. */
  restart?: boolean;
  /** Aborting stops the walk after the page in hand, whose place is saved. */
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  processed: number;
  /** An estimate: the search's remaining matches when the last page was read. */
  total: number;
  counts: BackfillCounts;
}

/** `incomplete`: Intercom's search kept repeating a cursor; the run stays open at it. */
export type BackfillEnd =
  'completed' | 'limit_reached' | 'interrupted' | 'stopped_on_failures' | 'incomplete';

export interface BackfillReport {
  end: BackfillEnd;
  /** Why the walk could not reach the search's end (end `incomplete`). */
  incomplete?: string;
  dryRun: boolean;
  /** Pages finished by earlier invocations of the run this one continued; null for a new run. */
  resumedAfterPages: number | null;
  processed: number;
  pages: number;
  /** This invocation's counts (in a dry run, `enriched` is what would be). */
  counts: BackfillCounts;
  failures: Array<{ contactId: string; error: string }>;
}

const SKIPPED: ReadonlySet<EnrichmentOutcome> = new Set([
  'already_enriched',
  'no_email',
  'contact_not_found',
  'unchanged',
]);

function countOf(outcome: EnrichmentOutcome): BackfillCounts {
  if (outcome === 'updated') return { ...NO_COUNTS, enriched: 1 };
  if (outcome === 'member_not_found') return { ...NO_COUNTS, notMember: 1 };
  if (SKIPPED.has(outcome)) return { ...NO_COUNTS, skipped: 1 };
  return { ...NO_COUNTS, failed: 1 };
}

/** Contacts with an email and no member number, optionally updated since a time (docs/reference.md, "Operator commands"). */
export function backfillQuery(updatedSince: number | null): ContactSearchQuery {
  const filters: ContactSearchQuery[] = [
    // null is how Intercom's search grammar says "not set".
    { field: 'email', operator: '!=', value: null },
    { field: 'custom_attributes.member_number', operator: '=', value: null },
  ];
  if (updatedSince !== null) {
    filters.push({ field: 'updated_at', operator: '>', value: updatedSince });
  }
  return { operator: 'AND', value: filters };
}

/** A run that is not saved anywhere: dry runs, which must not move the real run's place. */
function unsavedRun(queryKey: string, updatedSince: number | null): BackfillRun {
  return {
    id: 0,
    queryKey,
    updatedSince,
    cursor: null,
    pages: 0,
    counts: { ...NO_COUNTS },
    startedAt: new Date(),
  };
}

/**
 * docs/reference.md, "Operator commands", `backfill`: walks Intercom's search page by page and
 * enriches each contact exactly as a webhook would (ContactEnrichmentService).
 * The cursor of the next page is saved after each finished page, so an
 * interrupted run continues where it stopped. Enriched contacts leave the
 * search; the cursor is what keeps the others (not members, failures) from
 * being looked at again.
 */
@Injectable()
export class ContactBackfillService {
  private readonly logger = new Logger(ContactBackfillService.name);

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly enrichment: ContactEnrichmentService,
    private readonly runs: BackfillRunRepository,
    private readonly events: EventEmitter2,
  ) {}

  /** Batch work: its Intercom calls queue behind any webhook work sharing the budget. */
  run(options: BackfillOptions): Promise<BackfillReport> {
    return withBatchPriority(() => this.runNow(options));
  }

  private async runNow(options: BackfillOptions): Promise<BackfillReport> {
    const queryKey = options.since ? `since=${options.since.label}` : 'all';
    const updatedSince = options.since ? Math.floor((Date.now() - options.since.ms) / 1000) : null;
    if (options.dryRun) {
      // A dry run previews what the real one would do next, and saves nothing.
      const open = options.restart ? null : await this.runs.findOpen(queryKey);
      return this.walk(open ?? unsavedRun(queryKey, updatedSince), open !== null, options);
    }
    return this.runs.exclusively(async () => {
      let open = await this.runs.findOpen(queryKey);
      if (open && options.restart) {
        await this.runs.abandon(open.id);
        open = null;
      }
      const run = open ?? (await this.runs.start(queryKey, updatedSince));
      return this.walk(run, open !== null, options);
    });
  }

  private async walk(
    run: BackfillRun,
    resumed: boolean,
    options: BackfillOptions,
  ): Promise<BackfillReport> {
    const dryRun = options.dryRun === true;
    const query = backfillQuery(run.updatedSince);
    const report: BackfillReport = {
      end: 'completed',
      dryRun,
      resumedAfterPages: resumed ? run.pages : null,
      processed: 0,
      pages: 0,
      counts: { ...NO_COUNTS },
      failures: [],
    };
    // Contacts before the cursor that still match (not enriched): the search's total includes them.
    let behindCursor = run.counts.notMember + run.counts.skipped + run.counts.failed;
    // Repeated pages are asked again and repeated ids looked at once (docs/reference.md,
    // "Walks over Intercom's search").
    const search = new ContactSearchWalk(this.intercom, query, {
      perPage: PAGE_SIZE,
      startAfter: run.cursor,
    });

    for (;;) {
      if (options.signal?.aborted) return { ...report, end: 'interrupted' };
      const room = options.limit === undefined ? PAGE_SIZE : options.limit - report.processed;
      if (room <= 0) return { ...report, end: 'limit_reached' };

      const contacts = await this.searchPage(search, Math.min(PAGE_SIZE, room), resumed);
      const remaining = Math.max(contacts.length, search.totalCount - behindCursor);
      const total = report.processed + remaining;
      const pageCounts = await this.enrichPage(contacts, dryRun, report, (done, counts) =>
        options.onProgress?.({
          processed: report.processed + done,
          total: options.limit === undefined ? total : Math.min(total, options.limit),
          counts: addCounts(report.counts, counts),
        }),
      );
      if (contacts.length > 0 && pageCounts.failed === contacts.length) {
        // Everything failing says the cause is not the contacts (Intercom, MySQL or Supabase is
        // down): stop without moving the cursor rather than skim past the whole search.
        report.counts = addCounts(report.counts, pageCounts);
        report.processed += contacts.length;
        return { ...report, end: 'stopped_on_failures' };
      }

      // The walk ends on the last page, or gives up on a cursor that keeps repeating: then
      // the run stays open at that cursor, and this invocation says it is incomplete.
      const next = search.done && search.incomplete === null ? null : search.cursor;
      if (!dryRun) await this.runs.savePage(run.id, next, pageCounts);
      report.counts = addCounts(report.counts, pageCounts);
      report.processed += contacts.length;
      report.pages += 1;
      behindCursor += dryRun
        ? contacts.length
        : pageCounts.notMember + pageCounts.skipped + pageCounts.failed;
      if (search.done) {
        this.walked(search);
        if (search.incomplete === null) return report;
        this.logger.error({ msg: 'Backfill incomplete', incomplete: search.incomplete });
        return { ...report, end: 'incomplete', incomplete: search.incomplete };
      }
      resumed = false;
    }
  }

  private async searchPage(
    search: ContactSearchWalk,
    perPage: number,
    resumedCursor: boolean,
  ): Promise<IntercomContact[]> {
    const cursor = search.cursor;
    try {
      // Never null here: the caller stops once the walk is done.
      return (await search.next(perPage)) ?? [];
    } catch (error) {
      // Intercom's cursors are opaque and may expire; a 4xx on a saved one means start over.
      if (resumedCursor && cursor !== null && error instanceof IntercomRequestError) {
        throw new BackfillCursorRejectedError(describeError(error));
      }
      throw error;
    }
  }

  /** Tells the metrics how the walk went (counts only). */
  private walked(search: ContactSearchWalk): void {
    emitIntercomEvent(
      this.events,
      new ContactSearchWalkedEvent(
        'backfill',
        search.incomplete === null,
        search.stats.repeatedPages,
        search.stats.repeatedContacts,
      ),
    );
  }

  /** Enriches one page, CONCURRENCY contacts at a time; a contact's failure is counted, not thrown. */
  private async enrichPage(
    contacts: readonly IntercomContact[],
    dryRun: boolean,
    report: BackfillReport,
    progress: (done: number, counts: BackfillCounts) => void,
  ): Promise<BackfillCounts> {
    let counts: BackfillCounts = { ...NO_COUNTS };
    let next = 0;
    let done = 0;
    const work = async (): Promise<void> => {
      while (next < contacts.length) {
        const contact = contacts[next++];
        let outcome: EnrichmentOutcome;
        try {
          outcome = (await this.enrichment.enrichNew(contact, { dryRun })).outcome;
        } catch (error) {
          outcome = 'failed';
          const description = describeError(error);
          this.logger.warn({
            msg: 'Backfill could not enrich contact',
            contact_id: contact.id,
            error: description,
          });
          if (report.failures.length < MAX_REPORTED_FAILURES) {
            report.failures.push({ contactId: contact.id, error: description });
          }
        }
        counts = addCounts(counts, countOf(outcome));
        done += 1;
        progress(done, counts);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, contacts.length) }, work));
    return counts;
  }
}
