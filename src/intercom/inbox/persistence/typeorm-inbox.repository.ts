import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlDialectFor, type SqlDialect } from '../../../common/database/sql-dialect';
import {
  InboxState,
  type ClaimedNotification,
  type IncomingNotification,
  type InboxRecord,
} from '../inbox-notification';
import { InboxRepository } from '../inbox.repository';
import {
  MAX_ERROR_LENGTH,
  type RecordRow,
  placeholders,
  toRecord,
  retryOnLockConflict,
} from './inbox-rows';

/**
 * InboxRepository on MySQL 8 / MariaDB 10.6+ (SKIP LOCKED), and on the
 * sandbox's SQLite: the statements are shared, the differing pieces come
 * from the data source's SqlDialect.
 */
@Injectable()
export class TypeormInboxRepository extends InboxRepository {
  private readonly sql: SqlDialect;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.sql = sqlDialectFor(dataSource);
  }

  async insertMany(notifications: readonly IncomingNotification[]): Promise<number> {
    if (notifications.length === 0) return 0;
    const now = this.sql.now();
    const values = notifications
      .map(() => `(?, ?, ?, 'pending', ${now}, ${now}, ${now})`)
      .join(', ');
    const params = notifications.flatMap((n) => [n.notificationId, n.topic, n.payload]);
    // A repeated id changes nothing and counts 0 affected rows.
    return retryOnLockConflict(() =>
      this.write(
        `INSERT INTO intercom_notifications (notification_id, topic, payload, state, available_at, received_at, updated_at)
       VALUES ${values}
       ${this.sql.skipDuplicates('notification_id')}`,
        params,
      ),
    );
  }

  async claim(owner: string, limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    const now = this.sql.now();
    return this.sql.exclusive(() =>
      this.dataSource.transaction(this.sql.claimIsolation, async (manager) => {
        const rows = await manager.query<Array<{ id: string | number }>>(
          `SELECT id FROM intercom_notifications
         WHERE state IN ('pending', 'processing') AND available_at <= ${now}
         ORDER BY available_at
         LIMIT ?
         ${this.sql.lockSkippingLocked}`,
          [limit],
        );
        if (rows.length === 0) return [];
        const ids = rows.map((row) => Number(row.id));
        await manager.query(
          `UPDATE intercom_notifications
         SET state = 'processing', lease_owner = ?, attempts = attempts + 1,
             available_at = ${this.sql.nowPlus('?')}, updated_at = ${now}
         WHERE id IN (${placeholders(ids)})`,
          [owner, leaseMs, ...ids],
        );
        const claimed = await manager.query<
          Array<{
            id: string | number;
            notification_id: string;
            topic: string;
            payload: string;
            attempts: number;
          }>
        >(
          `SELECT id, notification_id, topic, payload, attempts FROM intercom_notifications WHERE id IN (${placeholders(ids)}) ORDER BY available_at, id`,
          ids,
        );
        return claimed.map((row) => ({
          id: Number(row.id),
          notificationId: row.notification_id,
          topic: row.topic,
          payload: row.payload,
          attempts: Number(row.attempts),
        }));
      }),
    );
  }

  async renew(owner: string, ids: readonly number[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.write(
      `UPDATE intercom_notifications SET available_at = ${this.sql.nowPlus('?')}, updated_at = ${this.sql.now()}
       WHERE lease_owner = ? AND state = 'processing' AND id IN (${placeholders(ids)})`,
      [leaseMs, owner, ...ids],
    );
  }

  complete(id: number, owner: string, outcome: string): Promise<boolean> {
    return this.settle(
      `state = 'done', outcome = ?, last_error = NULL, processed_at = ${this.sql.now()}`,
      [outcome.slice(0, 255)],
      id,
      owner,
    );
  }

  retryLater(id: number, owner: string, delayMs: number, error: string): Promise<boolean> {
    return this.settle(
      `state = 'pending', available_at = ${this.sql.nowPlus('?')}, last_error = ?`,
      [Math.round(delayMs), error.slice(0, MAX_ERROR_LENGTH)],
      id,
      owner,
    );
  }

  fail(id: number, owner: string, error: string): Promise<boolean> {
    return this.settle(
      `state = 'failed', outcome = 'failed', last_error = ?, processed_at = ${this.sql.now()}`,
      [error.slice(0, MAX_ERROR_LENGTH)],
      id,
      owner,
    );
  }

  releaseAll(owner: string): Promise<number> {
    const now = this.sql.now();
    // The attempt is handed back too; CASE rather than GREATEST(attempts, 1) - 1, which SQLite lacks.
    return this.write(
      `UPDATE intercom_notifications
       SET state = 'pending', lease_owner = NULL, available_at = ${now}, updated_at = ${now},
           attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
       WHERE lease_owner = ? AND state = 'processing'`,
      [owner],
    );
  }

  async requeue(id: number): Promise<boolean> {
    const now = this.sql.now();
    const affected = await this.write(
      `UPDATE intercom_notifications
       SET state = 'pending', attempts = 0, available_at = ${now}, lease_owner = NULL, updated_at = ${now}
       WHERE id = ? AND state <> 'processing'`,
      [id],
    );
    return affected > 0;
  }

  requeueFailed(): Promise<number> {
    const now = this.sql.now();
    return this.write(
      `UPDATE intercom_notifications
       SET state = 'pending', attempts = 0, available_at = ${now}, lease_owner = NULL, updated_at = ${now}
       WHERE state = 'failed'`,
      [],
    );
  }

  async find(id: number): Promise<(InboxRecord & { payload: string }) | null> {
    const rows = await this.dataSource.query<RecordRow[]>(
      `SELECT id, notification_id, topic, state, attempts, outcome, last_error, received_at, available_at, processed_at, payload
       FROM intercom_notifications WHERE id = ?`,
      [id],
    );
    return rows[0] ? { ...toRecord(rows[0]), payload: rows[0].payload ?? '' } : null;
  }

  async idOf(notificationId: string): Promise<number | null> {
    const rows = await this.dataSource.query<Array<{ id: string | number }>>(
      'SELECT id FROM intercom_notifications WHERE notification_id = ?',
      [notificationId],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  async list(filter: {
    state?: InboxState;
    limit: number;
    offset: number;
  }): Promise<{ items: InboxRecord[]; total: number }> {
    const where = filter.state ? 'WHERE state = ?' : '';
    const params = filter.state ? [filter.state] : [];
    const rows = await this.dataSource.query<RecordRow[]>(
      `SELECT id, notification_id, topic, state, attempts, outcome, last_error, received_at, available_at, processed_at
       FROM intercom_notifications ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...params, filter.limit, filter.offset],
    );
    const [count] = await this.dataSource.query<Array<{ total: string | number }>>(
      `SELECT COUNT(*) AS total FROM intercom_notifications ${where}`,
      params,
    );
    return { items: rows.map(toRecord), total: Number(count.total) };
  }

  async stats(): Promise<{ counts: Record<InboxState, number>; oldestPendingAgeSeconds: number }> {
    const rows = await this.dataSource.query<Array<{ state: InboxState; total: string | number }>>(
      'SELECT state, COUNT(*) AS total FROM intercom_notifications GROUP BY state',
    );
    const counts = { pending: 0, processing: 0, done: 0, failed: 0 } as Record<InboxState, number>;
    for (const row of rows) counts[row.state] = Number(row.total);
    const [oldest] = await this.dataSource.query<Array<{ age: string | number | null }>>(
      `SELECT ${this.sql.secondsSince('MIN(received_at)')} AS age
       FROM intercom_notifications WHERE state IN ('pending', 'processing')`,
    );
    return {
      counts,
      oldestPendingAgeSeconds:
        oldest?.age === null || oldest?.age === undefined ? 0 : Number(oldest.age),
    };
  }

  private async settle(
    set: string,
    params: unknown[],
    id: number,
    owner: string,
  ): Promise<boolean> {
    // Fenced by the lease: a worker whose lease expired and was taken over records nothing.
    const affected = await this.write(
      `UPDATE intercom_notifications SET ${set}, lease_owner = NULL, updated_at = ${this.sql.now()}
       WHERE id = ? AND lease_owner = ? AND state = 'processing'`,
      [...params, id, owner],
    );
    return affected > 0;
  }

  /** Runs one writing statement (exclusive where the connection is shared) and returns the rows it changed. */
  private write(sql: string, params: readonly unknown[]): Promise<number> {
    return this.sql.exclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        // The structured result: both drivers report the rows changed in `affected`.
        const result = await runner.query(sql, [...params], true);
        return result.affected ?? 0;
      } finally {
        await runner.release();
      }
    });
  }
}
