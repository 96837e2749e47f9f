import type { QueryRunner } from 'typeorm';
import type { SqlDialect } from './sql-dialect.interface';

const NOW = 'UTC_TIMESTAMP(3)';

/** MySQL 8 / MariaDB 10.6+: a connection pool, row locks and named locks shared by every instance. */
export class MysqlDialect implements SqlDialect {
  readonly name = 'mysql';
  readonly lockSkippingLocked = 'FOR UPDATE SKIP LOCKED';
  // No gap locks, so claims never deadlock with the webhook's inserts.
  readonly claimIsolation = 'READ COMMITTED';

  now(): string {
    return NOW;
  }

  nowPlus(milliseconds: string): string {
    return `TIMESTAMPADD(MICROSECOND, ${milliseconds} * 1000, ${NOW})`;
  }

  secondsSince(expression: string): string {
    return `TIMESTAMPDIFF(MICROSECOND, ${expression}, ${NOW}) / 1000000`;
  }

  lowerCaseExact(expression: string): string {
    // The tables' utf8mb4_unicode_ci would also fold accents ("ä" = "a"); the binary collation does not.
    return `LOWER(${expression}) COLLATE utf8mb4_bin`;
  }

  emailIndexRange(column: string, parameter: string): string {
    // The column's utf8mb4_unicode_ci equality ignores case, accents and trailing spaces, so it
    // finds every exact match through the index (and a few more, which the exact check drops);
    // stored values with leading spaces are a second index range of their own.
    return `(${column} = ${parameter} OR ${column} LIKE ' %')`;
  }

  unsignedInteger(expression: string): string {
    return `CAST(${expression} AS UNSIGNED)`;
  }

  skipDuplicates(keyColumn: string): string {
    // Assigning the key to itself changes nothing, so a repeated row counts 0 affected rows.
    return `ON DUPLICATE KEY UPDATE ${keyColumn} = ${keyColumn}`;
  }

  async withNamedLock<T>(
    runner: QueryRunner,
    name: string,
    timeoutSeconds: number,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      const rows = (await runner.query('SELECT GET_LOCK(?, ?) AS locked', [
        name,
        timeoutSeconds,
      ])) as Array<{ locked: number | null }>;
      if (Number(rows[0]?.locked) !== 1) throw new Error(`Timed out waiting for the lock ${name}`);
      return await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  }

  async withNamedLockIfFree<T>(
    runner: QueryRunner,
    name: string,
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }> {
    // Timeout 0: answers at once, 1 when taken, 0 when another session holds it.
    const rows = (await runner.query('SELECT GET_LOCK(?, 0) AS locked', [name])) as Array<{
      locked: number | string | null;
    }>;
    const locked = rows[0]?.locked;
    if (locked === null || locked === undefined) throw new Error(`Could not take the lock ${name}`);
    if (Number(locked) !== 1) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    // Every statement has a pooled connection of its own; row locks keep writers apart.
    return work();
  }
}
