import type { ContactSearchQuery, IntercomContact } from './intercom-contact';
import type { IntercomGateway } from './intercom.gateway';

/**
 * How many times in a row a search answer whose `next` cursor was already asked (a page
 * returned twice, a cursor that does not move or loops back) and that brought no new
 * contact is asked again before the walk gives up as incomplete. docs/reference.md, "Walks over Intercom's search".
 */
export const SEARCH_REPEAT_LIMIT = 3;

/** What one walk saw; counts only (no id, no value). */
export interface SearchWalkStats {
  /** Search calls made, repeats included. */
  pages: number;
  /** Distinct contacts handed to the caller. */
  contacts: number;
  /** Answers whose `next` cursor had been asked already in this walk. */
  repeatedPages: number;
  /** Contacts left out because the walk had handed them over already. */
  repeatedContacts: number;
}

/** A walk ended without having seen every page: the caller must not report success. */
export class SearchWalkIncompleteError extends Error {
  constructor(readonly reason: string) {
    super(`Intercom's search could not be walked to its end: ${reason}`);
    this.name = 'SearchWalkIncompleteError';
  }
}

export interface SearchWalkOptions {
  /** Contacts per search page (Intercom: at most 150, 50 by default). */
  perPage: number;
  /** Where to start: a cursor saved by an earlier walk of the same search; null: page 1. */
  startAfter?: string | null;
  /** Default SEARCH_REPEAT_LIMIT. */
  repeatLimit?: number;
}

/**
 * One walk over the pages of `POST /contacts/search` that trusts neither the paging nor the
 * ids (docs/reference.md, "Walks over Intercom's search"; Intercom's paging is stateless and
 * integrators see pages returned twice and ids repeated across pages):
 *  - every contact id is handed over once per walk (later copies are dropped and counted);
 *  - an answer whose `next` cursor was asked already in this walk is asked again, up to
 *    `repeatLimit` times in a row without a new contact; past that the walk ends
 *    `incomplete` with a reason;
 *  - the walk ends `complete` only on an answer without `next`.
 * It does not protect against an order that the caller's own writes change: callers that
 * write what they find collect ids first (the full reconciliation) or walk again (backfill).
 * Memory: the ids seen and the cursors asked (strings), nothing else.
 */
export class ContactSearchWalk {
  private readonly seen = new Set<string>();
  private readonly asked = new Set<string>();
  private nextCursor: string | null;
  private ended = false;
  private repeatsInARow = 0;
  private incompleteReason: string | null = null;
  private total = 0;
  readonly stats: SearchWalkStats = {
    pages: 0,
    contacts: 0,
    repeatedPages: 0,
    repeatedContacts: 0,
  };

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly query: ContactSearchQuery,
    private readonly options: SearchWalkOptions,
  ) {
    this.nextCursor = options.startAfter ?? null;
  }

  /** The cursor the next call asks with (null: the first page); what a resumable caller saves. */
  get cursor(): string | null {
    return this.nextCursor;
  }

  /** The walk is over: it reached the last page, or gave up. */
  get done(): boolean {
    return this.ended;
  }

  /** The search's `total_count` on its latest page: an estimate for progress, never a check. */
  get totalCount(): number {
    return this.total;
  }

  /** Why the walk gave up; null while it runs and when it reached the last page. */
  get incomplete(): string | null {
    return this.incompleteReason;
  }

  /**
   * The next page's contacts not handed over before (possibly none, when a page was all
   * repeats), or null once the walk is over. `perPage` overrides the walk's for this call.
   * Errors of the search (IntercomError and the like) are thrown as they are; the walk
   * asks the same cursor again on the next call.
   */
  async next(perPage = this.options.perPage): Promise<IntercomContact[] | null> {
    if (this.ended) return null;
    const asking = this.nextCursor;
    const page = await this.intercom.searchContacts(this.query, { perPage, cursor: asking });
    this.stats.pages += 1;
    this.total = page.totalCount;
    this.asked.add(asking ?? '');
    const fresh: IntercomContact[] = [];
    for (const contact of page.contacts) {
      if (this.seen.has(contact.id)) continue;
      this.seen.add(contact.id);
      fresh.push(contact);
    }
    this.stats.repeatedContacts += page.contacts.length - fresh.length;
    this.stats.contacts += fresh.length;

    const next = page.nextCursor;
    if (next === null) {
      this.ended = true;
    } else if (!this.asked.has(next)) {
      this.nextCursor = next;
      this.repeatsInARow = 0;
    } else {
      // The same page again, or a loop back: ask the same cursor again, a bounded number of
      // times without anything new (an answer with new contacts is progress).
      this.stats.repeatedPages += 1;
      this.repeatsInARow = fresh.length > 0 ? 0 : this.repeatsInARow + 1;
      if (this.repeatsInARow > (this.options.repeatLimit ?? SEARCH_REPEAT_LIMIT)) {
        this.ended = true;
        this.incompleteReason =
          `the search answered a cursor it had given before, with nothing new, ${this.repeatsInARow} times in a row ` +
          `after ${this.stats.contacts} contact(s)`;
      }
    }
    return fresh;
  }

  /** Every remaining contact (for small searches: one member's email, a list of ids). */
  async rest(): Promise<IntercomContact[]> {
    const all: IntercomContact[] = [];
    for (let page = await this.next(); page !== null; page = await this.next()) all.push(...page);
    return all;
  }

  /**
   * @throws SearchWalkIncompleteError when the walk gave up: what it saw is not everything.
   */
  assertComplete(): void {
    if (this.incompleteReason !== null) throw new SearchWalkIncompleteError(this.incompleteReason);
  }
}
