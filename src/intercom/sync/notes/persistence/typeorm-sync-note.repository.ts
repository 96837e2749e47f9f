import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlDialectFor } from '../../../../common/database/sql-dialect';
import type { SyncNoteKind } from '../sync-note';
import { SyncNoteRepository } from '../sync-note.repository';

/** SyncNoteRepository in the service's own database (MySQL, or the sandbox's SQLite). */
@Injectable()
export class TypeormSyncNoteRepository extends SyncNoteRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async writtenFor(notificationId: string): Promise<SyncNoteKind | null> {
    const rows = await this.dataSource.query<Array<{ outcome: SyncNoteKind }>>(
      'SELECT outcome FROM intercom_sync_notes WHERE notification_id = ?',
      [notificationId],
    );
    return rows[0]?.outcome ?? null;
  }

  async record(notificationId: string, kind: SyncNoteKind): Promise<void> {
    const sql = sqlDialectFor(this.dataSource);
    // Delete then insert, in one transaction, rather than an upsert: one spelling for both databases.
    await sql.exclusive(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query('DELETE FROM intercom_sync_notes WHERE notification_id = ?', [
          notificationId,
        ]);
        await manager.query(
          `INSERT INTO intercom_sync_notes (notification_id, outcome, written_at) VALUES (?, ?, ${sql.now()})`,
          [notificationId, kind],
        );
      }),
    );
  }
}
