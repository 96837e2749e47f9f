import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { sqlDialectFor, type SqlDialect } from '../../../common/database/sql-dialect';
import {
  InboxRetentionRepository,
  type InboxPurgeBatches,
  type SettledState,
} from '../inbox-retention.repository';

const MS_PER_DAY = 86_400_000;
const LOCK_PREFIX = 'natca_inbox_retention:';
/** MySQL refuses named locks longer than this. */
const MAX_LOCK_NAME_LENGTH = 64;

/**
 * The purge lock's name. MySQL's named locks are server-wide, so the name
 * carries the database: two deployments on one server (staging and
 * production, or test databases) must not keep each other from purging.
 */
export function inboxRetentionLockName(database: string): string {
  const name = `${LOCK_PREFIX}${database}`;
  if (name.length <= MAX_LOCK_NAME_LENGTH) return name;
  return `${LOCK_PREFIX}${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/**
 * InboxRetentionRepository on MySQL/MariaDB and on the sandbox's SQLite.
 * On MySQL the lock is `GET_LOCK(name, 0)` on one connection, and every
 * statement of the purge runs on that same connection: if it dies, the lock
 * is released with it and the purge stops with an error instead of running
 * on unlocked. On SQLite (sandbox) the database is in the process's memory,
 * so one instance is all there can be and the lock is always free.
 */
@Injectable()
export class TypeormInboxRetentionRepository extends InboxRetentionRepository {
  private readonly sql: SqlDialect;
  private readonly lockName: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.sql = sqlDialectFor(dataSource);
    this.lockName = inboxRetentionLockName(String(dataSource.options.database ?? 'default'));
  }

  async withPurgeLock(purge: (batches: InboxPurgeBatches) => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const outcome = await this.sql.withNamedLockIfFree(runner, this.lockName, () =>
        purge({
          deleteBatch: (state, retentionDays, limit) =>
            this.deleteBatch(runner, state, retentionDays, limit),
        }),
      );
      return outcome.acquired;
    } finally {
      await runner.release();
    }
  }

  /**
   * Two short statements: the ids, read through the (state, processed_at)
   * index without locking anything, then a delete of those rows by primary
   * key. Deleting by key locks only the rows deleted (no range, no gap), so
   * the webhook's inserts and the worker's updates never wait for it. The
   * delete checks the condition again: a row an operator requeued in between
   * is pending and stays.
   */
  private async deleteBatch(
    runner: QueryRunner,
    state: SettledState,
    retentionDays: number,
    limit: number,
  ): Promise<number> {
    const cutoff = this.sql.nowPlus('?');
    const ageMs = -retentionDays * MS_PER_DAY;
    const rows = (await runner.query(
      `SELECT id FROM intercom_notifications
       WHERE state = ? AND processed_at < ${cutoff}
       ORDER BY processed_at
       LIMIT ?`,
      [state, ageMs, limit],
    )) as Array<{ id: string | number }>;
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => Number(row.id));
    return this.sql.exclusive(async () => {
      const result = await runner.query(
        `DELETE FROM intercom_notifications
         WHERE id IN (${ids.map(() => '?').join(', ')}) AND state = ? AND processed_at < ${cutoff}`,
        [...ids, state, ageMs],
        true,
      );
      return result.affected ?? 0;
    });
  }
}
