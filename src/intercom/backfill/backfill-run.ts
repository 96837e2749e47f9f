/** What a backfill did with the contacts it looked at. */
export interface BackfillCounts {
  enriched: number;
  notMember: number;
  /** Already enriched meanwhile, no email any more, or gone from Intercom. */
  skipped: number;
  failed: number;
}

export const NO_COUNTS: Readonly<BackfillCounts> = Object.freeze({
  enriched: 0,
  notMember: 0,
  skipped: 0,
  failed: 0,
});

export function addCounts(a: BackfillCounts, b: BackfillCounts): BackfillCounts {
  return {
    enriched: a.enriched + b.enriched,
    notMember: a.notMember + b.notMember,
    skipped: a.skipped + b.skipped,
    failed: a.failed + b.failed,
  };
}

/**
 * One backfill over one search, possibly spread over several invocations:
 * `cursor` is where the next page starts, saved after each finished page.
 */
export interface BackfillRun {
  id: number;
  /** Which search this run walks (`all`, `since=7d`): a run is resumed only by the same search. */
  queryKey: string;
  /** Unix seconds; fixed when the run starts, so that a resumed run's search does not move. */
  updatedSince: number | null;
  cursor: string | null;
  pages: number;
  /** Totals over every invocation of the run. */
  counts: BackfillCounts;
  startedAt: Date;
}
