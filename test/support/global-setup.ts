/**
 * Fails the run early, with one clear line, when the real databases the
 * integration and end-to-end tiers need are not reachable.
 */
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { MYSQL, POSTGRES } from './databases';

export default async function globalSetup(): Promise<void> {
  try {
    const conn = await createConnection(MYSQL);
    await conn.end();
  } catch (error) {
    throw new Error(
      `MariaDB is not reachable at ${MYSQL.host}:${MYSQL.port}: ${(error as Error).message}`,
    );
  }
  const pg = new Client({ ...POSTGRES, database: 'postgres' });
  try {
    await pg.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES.host}:${POSTGRES.port}: ${(error as Error).message}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
}
