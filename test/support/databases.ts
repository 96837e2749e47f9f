/**
 * Per-test-file databases on the machine's real MariaDB and PostgreSQL.
 * Every file creates databases with a unique name and drops them when it ends,
 * so tests never depend on order or on each other's data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { supabaseMigrations } from './supabase-migrations';
import { uniqueId } from './unique';

export const MYSQL = {
  host: process.env.TEST_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.TEST_MYSQL_PORT ?? 3306),
  user: process.env.TEST_MYSQL_USER ?? 'root',
  password: process.env.TEST_MYSQL_PASS ?? '',
};
export const POSTGRES = {
  host: process.env.TEST_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT ?? 5432),
  user: process.env.TEST_PG_USER ?? 'postgres',
};

const ROOT = join(__dirname, '..', '..');

export interface TestMysqlDatabase {
  name: string;
  /** Runs one statement (with `?` parameters) in the test database. */
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
  drop(): Promise<void>;
}

/** A fresh MariaDB database with the legacy member schema (test/sql/members-schema.sql). */
export async function createMysqlDatabase(
  options: { schema?: boolean } = {},
): Promise<TestMysqlDatabase> {
  const name = uniqueId('natca_test');
  const admin = await createConnection({ ...MYSQL, multipleStatements: true });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const conn = await createConnection({
    ...MYSQL,
    database: name,
    multipleStatements: true,
    dateStrings: true,
  });
  if (options.schema !== false) {
    await conn.query(readFileSync(join(ROOT, 'test', 'sql', 'members-schema.sql'), 'utf8'));
  }
  return {
    name,
    async query<T>(sql: string, params: unknown[] = []): Promise<T> {
      const [rows] = await conn.query(sql, params);
      return rows as T;
    },
    async drop() {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export interface TestPostgresDatabase {
  name: string;
  connectionString: string;
  client: Client;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database with every migration of supabase/migrations applied in order. */
export async function createPostgresDatabase(): Promise<TestPostgresDatabase> {
  const name = uniqueId('natca_test');
  const admin = new Client({ ...POSTGRES, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const connectionString = `postgres://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}/${name}`;
  const client = new Client({ connectionString });
  await client.connect();
  for (const migration of supabaseMigrations()) await client.query(migration);
  return {
    name,
    connectionString,
    client,
    async drop() {
      await client.end();
      const cleanup = new Client({ ...POSTGRES, database: 'postgres' });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
