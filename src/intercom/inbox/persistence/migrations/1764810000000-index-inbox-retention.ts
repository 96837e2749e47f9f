import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  runDialectStatements,
  type DialectStatements,
} from '../../../../common/database/dialect-statements';

const INDEX = 'intercom_notifications_settled';

/**
 * The index the retention purge reads through: `state = ? AND processed_at < ?
 * ORDER BY processed_at LIMIT ?` is then a short range scan, however large the
 * table. On MySQL it is built online (ALGORITHM=INPLACE, LOCK=NONE): the
 * webhook's inserts go on meanwhile, and a server that could only build it
 * under a lock refuses the migration instead of blocking them.
 */
const UP: DialectStatements = {
  mysql: [
    `ALTER TABLE intercom_notifications
       ADD INDEX ${INDEX} (state, processed_at), ALGORITHM=INPLACE, LOCK=NONE`,
  ],
  sqlite: [`CREATE INDEX IF NOT EXISTS ${INDEX} ON intercom_notifications (state, processed_at)`],
};

const DOWN: DialectStatements = {
  mysql: [`ALTER TABLE intercom_notifications DROP INDEX ${INDEX}`],
  sqlite: [`DROP INDEX IF EXISTS ${INDEX}`],
};

export class IndexInboxRetention1764810000000 implements MigrationInterface {
  name = 'IndexInboxRetention1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runDialectStatements(queryRunner, DOWN);
  }
}
