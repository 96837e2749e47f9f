import type { BackfillCounts, BackfillRun } from './backfill-run';

/** The port to the table that lets an interrupted backfill continue where it stopped. */
export abstract class BackfillRunRepository {
  /** The run of this search that has not reached its last page, if any. */
  abstract findOpen(queryKey: string): Promise<BackfillRun | null>;
  abstract start(queryKey: string, updatedSince: number | null): Promise<BackfillRun>;
  /**
   * Records a finished page: its counts, and where the next page starts.
   * A null cursor means that was the last page, and closes the run.
   */
  abstract savePage(id: number, nextCursor: string | null, counts: BackfillCounts): Promise<void>;
  /** Gives up on an open run (`--restart`); the next run starts from the first page. */
  abstract abandon(id: number): Promise<void>;
  /**
   * Runs `work` while no other backfill runs against this database; throws
   * BackfillBusyError at once when another one does.
   */
  abstract exclusively<T>(work: () => Promise<T>): Promise<T>;
}
