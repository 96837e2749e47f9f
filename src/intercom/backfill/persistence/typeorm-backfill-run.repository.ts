import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlDialectFor } from '../../../common/database/sql-dialect';
import { describeError } from '../../inbox';
import type { BackfillCounts, BackfillRun } from '../backfill-run';
import { BackfillRunRepository } from '../backfill-run.repository';
import { BackfillBusyError } from '../backfill.errors';

/** Held for the whole run, so two operators cannot walk the same pages twice at once. */
const LOCK_NAME = 'natca_intercom_service_backfill';

interface RunRow {
  id: string | number;
  query_key: string;
  updated_since: string | number | null;
  next_cursor: string | null;
  pages: string | number;
  enriched: string | number;
  not_member: string | number;
  skipped: string | number;
  failed: string | number;
  started_at_ms: string | number;
}

function toRun(row: RunRow): BackfillRun {
  return {
    id: Number(row.id),
    queryKey: row.query_key,
    updatedSince: row.updated_since === null ? null : Number(row.updated_since),
    cursor: row.next_cursor,
    pages: Number(row.pages),
    counts: {
      enriched: Number(row.enriched),
      notMember: Number(row.not_member),
      skipped: Number(row.skipped),
      failed: Number(row.failed),
    },
    startedAt: new Date(Number(row.started_at_ms)),
  };
}

const COLUMNS =
  'id, query_key, updated_since, next_cursor, pages, enriched, not_member, skipped, failed, started_at_ms';

/** BackfillRunRepository in the service's own database (MySQL, or the sandbox's SQLite). */
@Injectable()
export class TypeormBackfillRunRepository extends BackfillRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async findOpen(queryKey: string): Promise<BackfillRun | null> {
    const rows = await this.dataSource.query<RunRow[]>(
      `SELECT ${COLUMNS} FROM intercom_backfill_runs
       WHERE query_key = ? AND status = 'open' ORDER BY id DESC LIMIT 1`,
      [queryKey],
    );
    return rows[0] ? toRun(rows[0]) : null;
  }

  async start(queryKey: string, updatedSince: number | null): Promise<BackfillRun> {
    const now = Date.now();
    await this.dataSource.query(
      `INSERT INTO intercom_backfill_runs (query_key, updated_since, status, started_at_ms, updated_at_ms)
       VALUES (?, ?, 'open', ?, ?)`,
      [queryKey, updatedSince, now, now],
    );
    // Read back rather than rely on a driver's insert id: the two databases report it differently.
    const run = await this.findOpen(queryKey);
    if (!run) throw new Error('The backfill run just recorded cannot be read back');
    return run;
  }

  async savePage(id: number, nextCursor: string | null, counts: BackfillCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE intercom_backfill_runs
       SET next_cursor = ?, status = ?, pages = pages + 1,
           enriched = enriched + ?, not_member = not_member + ?, skipped = skipped + ?,
           failed = failed + ?, updated_at_ms = ?
       WHERE id = ?`,
      [
        nextCursor,
        nextCursor === null ? 'completed' : 'open',
        counts.enriched,
        counts.notMember,
        counts.skipped,
        counts.failed,
        Date.now(),
        id,
      ],
    );
  }

  async abandon(id: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE intercom_backfill_runs SET status = 'abandoned', updated_at_ms = ? WHERE id = ?`,
      [Date.now(), id],
    );
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let holding = false;
    try {
      // No wait: a second operator is told at once instead of queueing behind a long run.
      return await sqlDialectFor(this.dataSource).withNamedLock(runner, LOCK_NAME, 0, () => {
        holding = true;
        return work();
      });
    } catch (error) {
      if (!holding) throw new BackfillBusyError(describeError(error));
      throw error;
    } finally {
      await runner.release();
    }
  }
}
