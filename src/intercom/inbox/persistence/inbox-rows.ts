/** The inbox table's rows as the driver hands them back, and the helpers its statements share. */
import type { InboxRecord, InboxState } from '../inbox-notification';

/** Errors are kept for operators, bounded so one huge message cannot bloat a row. */
export const MAX_ERROR_LENGTH = 2000;

export interface RecordRow {
  id: string | number;
  notification_id: string;
  topic: string;
  state: InboxState;
  attempts: number;
  outcome: string | null;
  last_error: string | null;
  received_at: Timestamp;
  available_at: Timestamp;
  processed_at: Timestamp | null;
  payload?: string;
}

/** MySQL hands back a Date; SQLite the UTC text 'YYYY-MM-DD HH:MM:SS.SSS'. */
export type Timestamp = Date | string;

export function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** `?, ?, ?` for an IN list: one placeholder per value, whatever the driver does with arrays. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

export function toRecord(row: RecordRow): InboxRecord {
  return {
    id: Number(row.id),
    notificationId: row.notification_id,
    topic: row.topic,
    state: row.state,
    attempts: Number(row.attempts),
    outcome: row.outcome,
    lastError: row.last_error,
    receivedAt: toDate(row.received_at),
    availableAt: toDate(row.available_at),
    processedAt: row.processed_at === null ? null : toDate(row.processed_at),
  };
}

/**
 * InnoDB may pick an insert as a deadlock victim; the statement is safe to
 * run again (duplicates are skipped), and a 503 for it would be needless.
 */
export async function retryOnLockConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code =
        (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT'))
        throw error;
    }
  }
}
