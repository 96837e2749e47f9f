/** Reads the service's inbox table (intercom_notifications) directly, as an operator would. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestMysqlDatabase } from '../../test/support/databases';

export interface InboxProgress {
  settled: number;
  /** done rows by outcome, plus failed/pending/processing counts. */
  outcomes: Record<string, number>;
}

export async function inboxProgress(
  mysql: TestMysqlDatabase,
  idPrefix: string,
): Promise<InboxProgress> {
  const rows = await mysql.query<Array<{ state: string; outcome: string | null; n: number }>>(
    `SELECT state, outcome, COUNT(*) AS n FROM intercom_notifications
      WHERE notification_id LIKE ? GROUP BY state, outcome`,
    [`${idPrefix}-%`],
  );
  const outcomes: Record<string, number> = {};
  let settled = 0;
  for (const row of rows) {
    const key = row.state === 'done' ? (row.outcome ?? 'done') : row.state;
    outcomes[key] = (outcomes[key] ?? 0) + Number(row.n);
    if (row.state === 'done' || row.state === 'failed') settled += Number(row.n);
  }
  return { settled, outcomes };
}

/** Polls until `count` rows of the prefix are done or failed; answers when that was seen. */
export async function waitForDrain(
  mysql: TestMysqlDatabase,
  idPrefix: string,
  count: number,
  timeoutMs: number,
): Promise<{ at: number; progress: InboxProgress }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await inboxProgress(mysql, idPrefix);
    if (progress.settled >= count) return { at: Date.now(), progress };
    if (Date.now() > deadline) {
      throw new Error(
        `inbox did not drain in ${timeoutMs} ms: ${JSON.stringify(progress.outcomes)} of ${count}`,
      );
    }
    await sleep(20);
  }
}
