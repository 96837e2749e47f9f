/**
 * Evidence for the lookup: MariaDB's CPU per member look-up when the statement
 * is sent as text (mysql2's query(), what DataSource.query does) and as a
 * prepared statement (execute()), for the service's statement and for the
 * pooled reference's simpler one. 16 look-ups in flight on a pool of 16, like
 * the bench's lookup load; CPU read from /proc for the mariadbd process.
 *
 *   NODE_PATH=node_modules npx ts-node --transpile-only bench/experiments/member-query-prepared.ts
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createPool } from 'mysql2/promise';
import { createMysqlDatabase, createPostgresDatabase, MYSQL } from '../../test/support/databases';
import { emailMix, seedFixtures } from '../lib/fixtures';

const SELECT = `SELECT m.membernumber AS member_number, m.firstname, m.lastname, m.email, m.phone, m.status,
       m.membertypeid, COALESCE(r.code, fr.code) AS region, f.code AS facility
  FROM members m
  LEFT JOIN facilities f ON f.id = m.facility_id
  LEFT JOIN regions r ON r.id = m.region_id
  LEFT JOIN regions fr ON fr.id = f.region_id
 WHERE m.status IN (?, ?)`;
/** As TypeORM writes the service's statement (typeorm-member.repository.ts). */
const SERVICE = `${SELECT} AND LOWER(TRIM(m.email)) COLLATE utf8mb4_bin = LOWER(?) COLLATE utf8mb4_bin
   AND (m.email = ? OR m.email LIKE ' %')
 ORDER BY CASE WHEN m.status = 'Active' THEN 0 ELSE 1 END ASC, m.updated_at DESC,
          CAST(m.membernumber AS UNSIGNED) ASC, m.membernumber ASC LIMIT 1`;
/** The pooled reference's (bench/baselines/lookup-express.ts). */
const REFERENCE = `${SELECT} AND m.email = ? ORDER BY m.status = 'Active' DESC, m.updated_at DESC LIMIT 1`;
const QUERIES = 8000;

/** mariadbd's CPU time so far, ms. */
function mariadbCpuMs(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const pid = execSync('pgrep -x mariadbd').toString().trim().split('\n')[0];
  const mysql = await createMysqlDatabase();
  const postgres = await createPostgresDatabase();
  try {
    const emails = emailMix(await seedFixtures(mysql, postgres, 5000), 0.75);
    const pool = createPool({ ...MYSQL, database: mysql.name, connectionLimit: 16 });
    const variants: Record<string, (email: string) => Promise<unknown>> = {
      'service, query()': (e) => pool.query(SERVICE, ['Active', 'Retired', e, e]),
      'service, execute()': (e) => pool.execute(SERVICE, ['Active', 'Retired', e, e]),
      'reference, query()': (e) => pool.query(REFERENCE, ['Active', 'Retired', e]),
      'reference, execute()': (e) => pool.execute(REFERENCE, ['Active', 'Retired', e]),
    };
    for (let repeat = 0; repeat < 3; repeat++) {
      for (const [name, run] of Object.entries(variants)) {
        let sent = 0;
        const before = mariadbCpuMs(pid);
        const started = Date.now();
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (sent < QUERIES) await run(emails[sent++ % emails.length]);
          }),
        );
        const cpuUs = ((mariadbCpuMs(pid) - before) * 1000) / QUERIES;
        const perSecond = QUERIES / ((Date.now() - started) / 1000);
        console.log(
          `${name}: MariaDB ${cpuUs.toFixed(0)} µs per query, ${perSecond.toFixed(0)} per s`,
        );
      }
    }
    await pool.end();
  } finally {
    await mysql.drop();
    await postgres.drop();
  }
}

void main();
