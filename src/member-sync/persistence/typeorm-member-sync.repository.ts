import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlDialectFor, type SqlDialect } from '../../common/database/sql-dialect';
import type { MemberChangeKey } from '../../members';
import {
  MemberSyncRepository,
  type LockedResult,
  type MemberSyncState,
  type WrittenRecord,
} from '../member-sync.repository';

const LOCK_PREFIX = 'natca_member_sync:';
/** MySQL refuses named locks longer than this. */
const MAX_LOCK_NAME_LENGTH = 64;

/**
 * The lock's name. MySQL's named locks are server-wide, so the name carries the
 * database: two deployments (or test databases) on one server must not keep
 * each other from syncing.
 */
export function memberSyncLockName(database: string): string {
  const name = `${LOCK_PREFIX}${database}`;
  if (name.length <= MAX_LOCK_NAME_LENGTH) return name;
  return `${LOCK_PREFIX}${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/** Insert or replace one record: the two databases spell it differently. */
const UPSERT_WRITTEN: Record<SqlDialect['name'], string> = {
  mysql: `INSERT INTO member_sync_written (member_number, attributes_hash, written_at_ms)
          VALUES (?, ?, ?)
          ON DUPLICATE KEY UPDATE attributes_hash = VALUES(attributes_hash),
                                  written_at_ms = VALUES(written_at_ms)`,
  sqlite: `INSERT INTO member_sync_written (member_number, attributes_hash, written_at_ms)
           VALUES (?, ?, ?)
           ON CONFLICT (member_number) DO UPDATE SET attributes_hash = excluded.attributes_hash,
                                                     written_at_ms = excluded.written_at_ms`,
};

/** The record only where the member has none (an existing one is kept as it is). */
const INSERT_WRITTEN_IF_NONE: Record<SqlDialect['name'], string> = {
  mysql: `INSERT IGNORE INTO member_sync_written (member_number, attributes_hash, written_at_ms)
          VALUES (?, ?, ?)`,
  sqlite: `INSERT INTO member_sync_written (member_number, attributes_hash, written_at_ms)
           VALUES (?, ?, ?)
           ON CONFLICT (member_number) DO NOTHING`,
};

interface StateRow {
  watermark_updated_at_ms: string | number | null;
  watermark_member: string | null;
  incremental_success_ms: string | number | null;
  full_cursor: string | null;
  full_started_ms: string | number | null;
  full_success_ms: string | number | null;
}

const numberOrNull = (value: string | number | null): number | null =>
  value === null ? null : Number(value);

/**
 * MemberSyncRepository in the service's own database (MySQL, or the sandbox's
 * SQLite). The lock is `GET_LOCK(name, 0)` on a connection held for the run;
 * the run's statements use the pool. Should that one connection die mid-run,
 * another instance may start a run beside this one: harmless, as every write
 * is a comparison first (diffContact) and the same values twice.
 */
@Injectable()
export class TypeormMemberSyncRepository extends MemberSyncRepository {
  private readonly sql: SqlDialect;
  private readonly lockName: string;
  private stateRowEnsured = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.sql = sqlDialectFor(dataSource);
    this.lockName = memberSyncLockName(String(dataSource.options.database ?? 'default'));
  }

  async readState(): Promise<MemberSyncState> {
    await this.ensureStateRow();
    const rows = await this.dataSource.query<StateRow[]>(
      `SELECT watermark_updated_at_ms, watermark_member, incremental_success_ms,
              full_cursor, full_started_ms, full_success_ms
       FROM member_sync_state WHERE id = 1`,
    );
    const row = rows[0];
    const watermarkMs = numberOrNull(row?.watermark_updated_at_ms ?? null);
    return {
      watermark:
        watermarkMs === null
          ? null
          : { updatedAt: new Date(watermarkMs), memberNumber: row.watermark_member ?? '' },
      incrementalSuccessMs: numberOrNull(row?.incremental_success_ms ?? null),
      fullCursor: row?.full_cursor ?? null,
      fullStartedMs: numberOrNull(row?.full_started_ms ?? null),
      fullSuccessMs: numberOrNull(row?.full_success_ms ?? null),
    };
  }

  async saveWatermark(key: MemberChangeKey): Promise<void> {
    await this.updateState('watermark_updated_at_ms = ?, watermark_member = ?', [
      key.updatedAt.getTime(),
      key.memberNumber,
    ]);
  }

  async markIncrementalSuccess(atMs: number): Promise<void> {
    await this.updateState('incremental_success_ms = ?', [atMs]);
  }

  async saveFullProgress(progress: { cursor: string | null; startedMs?: number }): Promise<void> {
    if (progress.startedMs === undefined) {
      await this.updateState('full_cursor = ?', [progress.cursor]);
      return;
    }
    await this.updateState('full_cursor = ?, full_started_ms = ?', [
      progress.cursor,
      progress.startedMs,
    ]);
  }

  async markFullSuccess(atMs: number): Promise<void> {
    await this.updateState('full_cursor = NULL, full_success_ms = ?', [atMs]);
  }

  recordWritten(memberNumber: string, attributesHash: string): Promise<void> {
    return this.writeRecord(UPSERT_WRITTEN, memberNumber, attributesHash);
  }

  recordFirstWritten(memberNumber: string, attributesHash: string): Promise<void> {
    return this.writeRecord(INSERT_WRITTEN_IF_NONE, memberNumber, attributesHash);
  }

  /** One of the record statements above, with the time it was written. */
  private async writeRecord(
    statement: Record<SqlDialect['name'], string>,
    memberNumber: string,
    attributesHash: string,
  ): Promise<void> {
    await this.sql.exclusive(() =>
      this.dataSource.query(statement[this.sql.name], [memberNumber, attributesHash, Date.now()]),
    );
  }

  async forget(memberNumbers: readonly string[]): Promise<void> {
    if (memberNumbers.length === 0) return;
    await this.sql.exclusive(() =>
      this.dataSource.query(
        `DELETE FROM member_sync_written WHERE member_number IN (${memberNumbers.map(() => '?').join(', ')})`,
        [...memberNumbers],
      ),
    );
  }

  async writtenAfter(afterMemberNumber: string, limit: number): Promise<WrittenRecord[]> {
    const rows = await this.dataSource.query<
      Array<{ member_number: string; attributes_hash: string }>
    >(
      `SELECT member_number, attributes_hash FROM member_sync_written
       WHERE member_number > ? ORDER BY member_number LIMIT ?`,
      [afterMemberNumber, limit],
    );
    return rows.map((row) => ({
      memberNumber: row.member_number,
      attributesHash: row.attributes_hash,
    }));
  }

  async exclusively<T>(work: () => Promise<T>): Promise<LockedResult<T>> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.sql.withNamedLockIfFree(runner, this.lockName, work);
    } finally {
      await runner.release();
    }
  }

  private async updateState(assignments: string, values: unknown[]): Promise<void> {
    await this.ensureStateRow();
    await this.sql.exclusive(() =>
      this.dataSource.query(`UPDATE member_sync_state SET ${assignments} WHERE id = 1`, values),
    );
  }

  /** The one state row, created by whichever process reads it first. */
  private async ensureStateRow(): Promise<void> {
    if (this.stateRowEnsured) return;
    await this.sql.exclusive(() =>
      this.dataSource.query(
        `INSERT INTO member_sync_state (id) VALUES (1) ${this.sql.skipDuplicates('id')}`,
      ),
    );
    this.stateRowEnsured = true;
  }
}
