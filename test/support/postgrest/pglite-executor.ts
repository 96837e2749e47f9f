import type { PGliteInterface } from '@electric-sql/pglite';
import { TEXT_PARSERS, type SqlExecutor } from './sql-executor';

/**
 * Queries on an embedded PGlite database, each in a read-only transaction (as the pg
 * pool's connections are), so the server cannot change what its owner seeded. PGlite
 * runs one statement at a time; its owner keeps it and closes it.
 */
export function pgliteExecutor(db: PGliteInterface): SqlExecutor {
  return {
    query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
      return db.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION READ ONLY');
        const result = await tx.query<R>(text, [...values], { parsers: TEXT_PARSERS });
        return result.rows;
      });
    },
  };
}
