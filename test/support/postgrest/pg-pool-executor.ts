import { Pool, types as pgTypes, type CustomTypesConfig } from 'pg';
import { TEXT_PARSERS, type OwnedSqlExecutor } from './sql-executor';

/** Per-pool type parsers: the global pg parsers stay untouched. */
const TYPE_PARSERS: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && TEXT_PARSERS[oid]) return TEXT_PARSERS[oid];
    return pgTypes.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/** A small read-only pool on a real PostgreSQL server (postgres://user@host:port/db). */
export function createPgPoolExecutor(connectionString: string): OwnedSqlExecutor {
  const pool = new Pool({
    connectionString,
    types: TYPE_PARSERS,
    max: 5,
    application_name: 'postgrest-test-server',
    options: '-c default_transaction_read_only=on',
  });
  // An idle client losing its connection (e.g. the test database is dropped) must not
  // crash the process with an unhandled 'error' event; the next query reports it.
  pool.on('error', () => undefined);
  return {
    async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
      const result = await pool.query(text, [...values]);
      return result.rows as R[];
    },
    close: () => pool.end(),
  };
}
