import type { DataSource, QueryRunner } from 'typeorm';
import type { SqlDialect } from './sql-dialect.interface';

/** SQL function registered on the database: JavaScript's full Unicode lower-casing. */
const UNICODE_LOWER = 'unicode_lower';
/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: sorts and compares in time order as plain text. */
const TIMESTAMP_FORMAT = '%Y-%m-%d %H:%M:%f';

/** The part of sql.js's Database this dialect uses. */
interface SqlJsDatabase {
  create_function(name: string, fn: (value: unknown) => unknown): unknown;
}

/**
 * SQLite through sql.js (the sandbox): one in-memory database, one connection
 * shared by the whole process, nobody else to lock out. Timestamps are text
 * in TIMESTAMP_FORMAT.
 */
export class SqliteDialect implements SqlDialect {
  readonly name = 'sqlite';
  // A transaction holds the whole database, and exclusive() keeps the other writers out.
  readonly lockSkippingLocked = '';
  readonly claimIsolation = 'SERIALIZABLE';
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataSource: DataSource) {
    // SQLite's LOWER folds ASCII only; MySQL's folds every letter ("Ä" → "ä"), and so must this.
    const database = (dataSource.driver as unknown as { databaseConnection?: SqlJsDatabase })
      .databaseConnection;
    if (!database) throw new Error('The SQLite dialect needs an initialised sql.js data source');
    database.create_function(UNICODE_LOWER, (value) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    );
  }

  now(): string {
    return `strftime('${TIMESTAMP_FORMAT}', 'now')`;
  }

  nowPlus(milliseconds: string): string {
    // No sign prefix: SQLite reads '-5.0 seconds' and '5.0 seconds', but '+-5.0 seconds' is NULL.
    return `strftime('${TIMESTAMP_FORMAT}', 'now', (${milliseconds} / 1000.0) || ' seconds')`;
  }

  secondsSince(expression: string): string {
    return `(julianday('now') - julianday(${expression})) * 86400.0`;
  }

  lowerCaseExact(expression: string): string {
    // Columns and expressions compare with SQLite's BINARY collation unless told otherwise.
    return `${UNICODE_LOWER}(${expression})`;
  }

  emailIndexRange(): null {
    // The sandbox's dozen members need no index.
    return null;
  }

  unsignedInteger(expression: string): string {
    return `CAST(${expression} AS INTEGER)`;
  }

  skipDuplicates(keyColumn: string): string {
    return `ON CONFLICT (${keyColumn}) DO NOTHING`;
  }

  withNamedLock<T>(
    _runner: QueryRunner,
    _name: string,
    _timeoutSeconds: number,
    work: () => Promise<T>,
  ): Promise<T> {
    // An in-memory database belongs to this process alone: the process-wide lock is enough.
    return this.exclusive(work);
  }

  async withNamedLockIfFree<T>(
    _runner: QueryRunner,
    _name: string,
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T }> {
    // An in-memory database belongs to this process alone: no other process to keep out.
    // Not exclusive(): `work`'s own statements take it, and it is not re-entrant.
    return { acquired: true, result: await work() };
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
