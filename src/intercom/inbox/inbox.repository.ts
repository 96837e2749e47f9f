import type {
  ClaimedNotification,
  IncomingNotification,
  InboxRecord,
  InboxState,
} from './inbox-notification';

/**
 * The port to the durable inbox. Times are the database's (UTC), so several
 * instances agree on when a lease expires or a retry is due.
 */
export abstract class InboxRepository {
  /** Inserts in one statement and one commit; ids already recorded are skipped. Returns how many were new. */
  abstract insertMany(notifications: readonly IncomingNotification[]): Promise<number>;
  /** Claims up to `limit` due rows (pending and due, or processing with an expired lease) for `owner`. */
  abstract claim(owner: string, limit: number, leaseMs: number): Promise<ClaimedNotification[]>;
  /** Extends the leases `owner` holds on these rows. */
  abstract renew(owner: string, ids: readonly number[], leaseMs: number): Promise<void>;
  /** The outcome of a claimed row; ignored when `owner` no longer holds it. Returns whether it was recorded. */
  abstract complete(id: number, owner: string, outcome: string): Promise<boolean>;
  abstract retryLater(id: number, owner: string, delayMs: number, error: string): Promise<boolean>;
  abstract fail(id: number, owner: string, error: string): Promise<boolean>;
  /** Hands back every row `owner` still holds, due now, without counting the attempt. */
  abstract releaseAll(owner: string): Promise<number>;
  /** Makes a row due again with a fresh attempt budget. False when it is being processed or unknown. */
  abstract requeue(id: number): Promise<boolean>;
  abstract requeueFailed(): Promise<number>;
  abstract find(id: number): Promise<(InboxRecord & { payload: string }) | null>;
  /** The row recording Intercom's notification `notificationId`, if any. */
  abstract idOf(notificationId: string): Promise<number | null>;
  abstract list(filter: {
    state?: InboxState;
    limit: number;
    offset: number;
  }): Promise<{ items: InboxRecord[]; total: number }>;
  /** Rows per state, and the age in seconds of the oldest due pending row. */
  abstract stats(): Promise<{
    counts: Record<InboxState, number>;
    oldestPendingAgeSeconds: number;
  }>;
}
