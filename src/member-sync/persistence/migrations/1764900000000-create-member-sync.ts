import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  runDialectStatements,
  type DialectStatements,
} from '../../../common/database/dialect-statements';

/**
 * The member sync's own tables (docs/reference.md, "Member data stays current"):
 *  - `member_sync_state`: one row (id 1): where the walk over changed member rows
 *    stands (the watermark, `updated_at` as epoch ms read as UTC, and the member
 *    number breaking ties), when an incremental and a full run last succeeded, and
 *    the cursor of a full run in progress (so that a crash resumes it);
 *  - `member_sync_written`: per member number, a SHA-256 of the section 5 attributes
 *    last written to its contacts by any path. A member whose attributes, computed
 *    now, hash differently (a position started or ended today, a row changed in
 *    Supabase, a status left Active/Retired) is due, without Supabase having any
 *    change column. A hash, not the values: nothing personal is copied here.
 * One statement per entry (sql.js runs one per call).
 */
const CREATE: DialectStatements = {
  mysql: [
    `
      CREATE TABLE IF NOT EXISTS member_sync_state (
        id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
        watermark_updated_at_ms BIGINT NULL,
        watermark_member VARCHAR(16) NULL,
        incremental_success_ms BIGINT NULL,
        full_cursor TEXT NULL,
        full_started_ms BIGINT NULL,
        full_success_ms BIGINT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `,
    `
      CREATE TABLE IF NOT EXISTS member_sync_written (
        member_number VARCHAR(16) NOT NULL PRIMARY KEY,
        attributes_hash CHAR(64) NOT NULL,
        written_at_ms BIGINT NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `,
  ],
  sqlite: [
    `
      CREATE TABLE IF NOT EXISTS member_sync_state (
        id INTEGER NOT NULL PRIMARY KEY,
        watermark_updated_at_ms INTEGER NULL,
        watermark_member VARCHAR(16) NULL,
        incremental_success_ms INTEGER NULL,
        full_cursor TEXT NULL,
        full_started_ms INTEGER NULL,
        full_success_ms INTEGER NULL
      )
    `,
    `
      CREATE TABLE IF NOT EXISTS member_sync_written (
        member_number VARCHAR(16) NOT NULL PRIMARY KEY,
        attributes_hash CHAR(64) NOT NULL,
        written_at_ms INTEGER NOT NULL
      )
    `,
  ],
};

export class CreateMemberSync1764900000000 implements MigrationInterface {
  name = 'CreateMemberSync1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS member_sync_written');
    await queryRunner.query('DROP TABLE IF EXISTS member_sync_state');
  }
}
