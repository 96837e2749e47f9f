import { waitFor } from './wait-for';

/** What tests look at in the service's inbox table. */
export interface InboxRow {
  notification_id: string;
  state: string;
  outcome: string | null;
  attempts: number;
  last_error: string | null;
}

interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<T>;
}

export function inboxRows(db: Queryable): Promise<InboxRow[]> {
  return db.query<InboxRow[]>(
    'SELECT notification_id, state, outcome, attempts, last_error FROM intercom_notifications ORDER BY id',
  );
}

export async function inboxRow(
  db: Queryable,
  notificationId: string,
): Promise<InboxRow | undefined> {
  const [row] = await db.query<InboxRow[]>(
    'SELECT notification_id, state, outcome, attempts, last_error FROM intercom_notifications WHERE notification_id = ?',
    [notificationId],
  );
  return row;
}

/** Waits until the notification is done or failed, and returns its row. */
export function settledRow(
  db: Queryable,
  notificationId: string,
  timeoutMs?: number,
): Promise<InboxRow> {
  return waitFor(
    async () => {
      const row = await inboxRow(db, notificationId);
      return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
    },
    `notification ${notificationId} to settle`,
    timeoutMs,
  );
}
