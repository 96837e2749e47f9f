/** The states whose rows end their life in the inbox, and are deleted once their time is up. */
export type SettledState = 'done' | 'failed';

/** Deletions, one short statement each, made while holding the purge lock. */
export interface InboxPurgeBatches {
  /**
   * Deletes up to `limit` rows in `state` whose `processed_at` is more than
   * `retentionDays` days (of 24 hours) before now on the database's clock,
   * oldest first. Returns how many it deleted: fewer than `limit` means none
   * was left at that moment.
   */
  deleteBatch(state: SettledState, retentionDays: number, limit: number): Promise<number>;
}

/**
 * The port through which the retention purge deletes inbox rows past their
 * time. Pending and processing rows are never deleted through it.
 */
export abstract class InboxRetentionRepository {
  /**
   * Runs `purge` holding the purge lock every process on this database
   * respects, taken without waiting. Returns false, without running `purge`,
   * when another process holds it.
   */
  abstract withPurgeLock(purge: (batches: InboxPurgeBatches) => Promise<void>): Promise<boolean>;
}
