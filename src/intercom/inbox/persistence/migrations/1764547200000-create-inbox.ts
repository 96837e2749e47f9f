import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  runDialectStatements,
  type DialectStatements,
} from '../../../../common/database/dialect-statements';

/**
 * The table spelled for each database, one statement per entry (sql.js runs
 * one statement per call). The SQLite form keeps the MySQL form's meaning:
 * notification ids compare byte for byte (SQLite's default BINARY collation,
 * as utf8mb4_bin), and timestamps are 'YYYY-MM-DD HH:MM:SS.SSS' UTC text,
 * which orders as time does (see SqliteDialect).
 */
const CREATE: DialectStatements = {
  mysql: [
    `
      CREATE TABLE IF NOT EXISTS intercom_notifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        notification_id VARCHAR(191) NOT NULL,
        topic VARCHAR(128) NOT NULL,
        payload LONGTEXT NOT NULL,
        state VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        available_at DATETIME(3) NOT NULL,
        lease_owner VARCHAR(128) NULL,
        outcome VARCHAR(255) NULL,
        last_error TEXT NULL,
        received_at DATETIME(3) NOT NULL,
        processed_at DATETIME(3) NULL,
        updated_at DATETIME(3) NOT NULL,
        UNIQUE KEY intercom_notifications_notification_id (notification_id),
        KEY intercom_notifications_due (state, available_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `,
  ],
  sqlite: [
    `
      CREATE TABLE IF NOT EXISTS intercom_notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        notification_id VARCHAR(191) NOT NULL,
        topic VARCHAR(128) NOT NULL,
        payload TEXT NOT NULL,
        state VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        available_at TEXT NOT NULL,
        lease_owner VARCHAR(128) NULL,
        outcome VARCHAR(255) NULL,
        last_error TEXT NULL,
        received_at TEXT NOT NULL,
        processed_at TEXT NULL,
        updated_at TEXT NOT NULL
      )
    `,
    `CREATE UNIQUE INDEX IF NOT EXISTS intercom_notifications_notification_id
       ON intercom_notifications (notification_id)`,
    `CREATE INDEX IF NOT EXISTS intercom_notifications_due
       ON intercom_notifications (state, available_at)`,
  ],
};

/**
 * The service's own table: the durable inbox of Intercom notifications.
 * `available_at` is when a pending row is due, or when a processing row's
 * lease expires; one index serves both claims.
 */
export class CreateInbox1764547200000 implements MigrationInterface {
  name = 'CreateInbox1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS intercom_notifications');
  }
}
