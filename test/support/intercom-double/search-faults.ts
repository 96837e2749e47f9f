/**
 * Opt-in misbehaviour of POST /contacts/search, as integrators report it (FIELD-NOTES,
 * "Paging is stateless"): deterministic, no timing. Each applies to searches that carry a
 * cursor (`pagination.starting_after`), i.e. every page after the first.
 *
 *  - `repeatPage(times)`: the next `times` such searches answer the page BEFORE the one
 *    asked (the previous page again), with `next` = the cursor just asked. A walk that asks
 *    that cursor again gets the right page (unless `times` is not used up yet).
 *  - `repeatIds(count)`: every such page also starts with the last `count` contacts of the
 *    previous page (ids repeated on two pages; nothing is lost, pages overlap).
 *  - `orderByUpdatedAt()`: results ordered by `updated_at`, then id, and paged by position
 *    (the cursor's page number), so a contact written during a walk moves to the end and
 *    the contacts after it move up, behind the cursor. Seed contacts with `updated_at` in
 *    the past so that a write (stamped now) always moves them.
 */
export interface SearchFaultControls {
  repeatPage(times?: number): void;
  repeatIds(count: number): void;
  orderByUpdatedAt(on?: boolean): void;
  reset(): void;
}

export class SearchFaults implements SearchFaultControls {
  /** Searches with a cursor still to be answered with the previous page. */
  pageRepeats = 0;
  /** Contacts of the previous page repeated at the start of each page after the first. */
  idRepeats = 0;
  byUpdatedAt = false;

  repeatPage(times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be >= 1, got ${times}`);
    this.pageRepeats += times;
  }

  repeatIds(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new Error(`count must be >= 0, got ${count}`);
    this.idRepeats = count;
  }

  orderByUpdatedAt(on = true): void {
    this.byUpdatedAt = on;
  }

  reset(): void {
    this.pageRepeats = 0;
    this.idRepeats = 0;
    this.byUpdatedAt = false;
  }

  /** Consumes one page repeat, if any is left. */
  takePageRepeat(): boolean {
    if (this.pageRepeats === 0) return false;
    this.pageRepeats -= 1;
    return true;
  }
}
