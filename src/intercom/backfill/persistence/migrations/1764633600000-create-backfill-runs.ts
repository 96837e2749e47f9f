import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  runDialectStatements,
  type DialectStatements,
} from '../../../../common/database/dialect-statements';

/**
 * Where the backfill keeps its place: one row per run, its search, the
 * cursor of the next page and running totals. Times are epoch milliseconds
 * from the CLI's clock: only operators read them, and the form is the same
 * on both databases. One statement per entry (sql.js runs one per call).
 */
const CREATE: DialectStatements = {
  mysql: [
    `
      CREATE TABLE IF NOT EXISTS intercom_backfill_runs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        query_key VARCHAR(191) NOT NULL,
        updated_since BIGINT NULL,
        next_cursor TEXT NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'open',
        pages INT UNSIGNED NOT NULL DEFAULT 0,
        enriched INT UNSIGNED NOT NULL DEFAULT 0,
        not_member INT UNSIGNED NOT NULL DEFAULT 0,
        skipped INT UNSIGNED NOT NULL DEFAULT 0,
        failed INT UNSIGNED NOT NULL DEFAULT 0,
        started_at_ms BIGINT NOT NULL,
        updated_at_ms BIGINT NOT NULL,
        KEY intercom_backfill_runs_open (query_key, status)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `,
  ],
  sqlite: [
    `
      CREATE TABLE IF NOT EXISTS intercom_backfill_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        query_key VARCHAR(191) NOT NULL,
        updated_since INTEGER NULL,
        next_cursor TEXT NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'open',
        pages INTEGER NOT NULL DEFAULT 0,
        enriched INTEGER NOT NULL DEFAULT 0,
        not_member INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        started_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      )
    `,
    `CREATE INDEX IF NOT EXISTS intercom_backfill_runs_open
       ON intercom_backfill_runs (query_key, status)`,
  ],
};

export class CreateBackfillRuns1764633600000 implements MigrationInterface {
  name = 'CreateBackfillRuns1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS intercom_backfill_runs');
  }
}
