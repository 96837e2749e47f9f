import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  runDialectStatements,
  type DialectStatements,
} from '../../../../../common/database/dialect-statements';

/**
 * Which internal note each sync notification got: one row per notification id,
 * the outcome it said, and when. One statement per entry (sql.js runs one per call).
 */
const CREATE: DialectStatements = {
  mysql: [
    `
      CREATE TABLE IF NOT EXISTS intercom_sync_notes (
        notification_id VARCHAR(191) NOT NULL PRIMARY KEY,
        outcome VARCHAR(64) NOT NULL,
        written_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `,
  ],
  sqlite: [
    `
      CREATE TABLE IF NOT EXISTS intercom_sync_notes (
        notification_id VARCHAR(191) NOT NULL PRIMARY KEY,
        outcome VARCHAR(64) NOT NULL,
        written_at TEXT NOT NULL
      )
    `,
  ],
};

export class CreateSyncNotes1764720000000 implements MigrationInterface {
  name = 'CreateSyncNotes1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS intercom_sync_notes');
  }
}
