import type { QueryRunner } from 'typeorm';
import { sqlDialectFor, type SqlDialect } from './sql-dialect';

/** A migration step spelled for each database, one statement per entry (sql.js runs one per call). */
export type DialectStatements = Record<SqlDialect['name'], readonly string[]>;

/** Runs the statements of the database the migration runs on, in order. */
export async function runDialectStatements(
  queryRunner: QueryRunner,
  statements: DialectStatements,
): Promise<void> {
  for (const statement of statements[sqlDialectFor(queryRunner.connection).name]) {
    await queryRunner.query(statement);
  }
}
