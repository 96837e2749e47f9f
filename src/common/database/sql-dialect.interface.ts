import type { QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * The few spellings that differ between the production database (MySQL or
 * MariaDB) and the embedded one the sandbox runs on (SQLite through sql.js).
 * Repositories write each statement once and take only these pieces from
 * the dialect, so a query cannot mean one thing on one database and another
 * thing on the other without a test of the dialect noticing.
 */
export interface SqlDialect {
  readonly name: 'mysql' | 'sqlite';
  /** The current UTC time, to the millisecond, in the form the service's timestamp columns hold. */
  now(): string;
  /** `now()` plus `milliseconds`, an SQL expression such as a placeholder; negative goes back in time. */
  nowPlus(milliseconds: string): string;
  /** Seconds, with fractions, from the timestamp `expression` until now. */
  secondsSince(expression: string): string;
  /**
   * `expression` lower-cased, for an equality that ignores letter case and nothing else:
   * both sides compare byte for byte afterwards, so `ä` never equals `a`.
   */
  lowerCaseExact(expression: string): string;
  /**
   * A condition that narrows an email equality to the rows an index can find,
   * a superset of the exact match (null where the database needs none).
   */
  emailIndexRange(column: string, parameter: string): string | null;
  /** A string of digits as a number, for numeric ordering ('9' before '10'). */
  unsignedInteger(expression: string): string;
  /** Ends the claim's SELECT: locks the rows read and skips those another claimer holds. */
  readonly lockSkippingLocked: string;
  /** Isolation of the claim's transaction. */
  readonly claimIsolation: IsolationLevel;
  /** Ends a multi-row INSERT so that a row repeating the unique `keyColumn` is skipped and not counted. */
  skipDuplicates(keyColumn: string): string;
  /** Runs `work` holding the lock `name`, which every process using the database respects. */
  withNamedLock<T>(
    runner: QueryRunner,
    name: string,
    timeoutSeconds: number,
    work: () => Promise<T>,
  ): Promise<T>;
  /**
   * Runs `work` holding the lock `name` if nobody holds it now, without waiting for it:
   * `{ acquired: false }` at once, and `work` not run, when another session holds it.
   * The lock lives on `runner`'s connection, so `work` should run its statements there:
   * if the connection dies, the lock goes with it and so do those statements.
   */
  withNamedLockIfFree<T>(
    runner: QueryRunner,
    name: string,
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }>;
  /**
   * Runs `work` with no other exclusive work in between. Where the database is one
   * connection shared by the whole process, a write must not land inside another
   * caller's open transaction (its rollback would take the write with it). Not re-entrant.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}
