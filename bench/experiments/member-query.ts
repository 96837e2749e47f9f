/**
 * Evidence for the lookup: what the member query costs MariaDB as the service
 * writes it (LOWER(TRIM(email)) COLLATE utf8mb4_bin = …, which no index can
 * serve) and with an indexable pre-filter that returns the same rows.
 *
 *   npx ts-node --transpile-only bench/experiments/member-query.ts
 */
import { performance } from 'node:perf_hooks';
import { createMysqlDatabase, createPostgresDatabase } from '../../test/support/databases';
import { emailMix, seedFixtures } from '../lib/fixtures';

const SELECT = `SELECT m.membernumber AS member_number, m.firstname, m.lastname, m.email, m.phone, m.status,
       m.membertypeid, COALESCE(r.code, fr.code) AS region, f.code AS facility
  FROM members m
  LEFT JOIN facilities f ON f.id = m.facility_id
  LEFT JOIN regions r ON r.id = m.region_id
  LEFT JOIN regions fr ON fr.id = f.region_id
 WHERE m.status IN ('Active', 'Retired')`;
const ORDER = `ORDER BY CASE WHEN m.status = 'Active' THEN 0 ELSE 1 END ASC, m.updated_at DESC,
          CAST(m.membernumber AS UNSIGNED) ASC, m.membernumber ASC LIMIT 1`;
const EXACT = 'LOWER(TRIM(m.email)) COLLATE utf8mb4_bin = LOWER(?) COLLATE utf8mb4_bin';

const QUERIES: Record<string, { sql: string; params: (email: string) => string[] }> = {
  'as the service writes it': {
    sql: `${SELECT} AND ${EXACT} ${ORDER}`,
    params: (email) => [email],
  },
  'with an indexable pre-filter': {
    // utf8mb4_unicode_ci's = folds case and ignores trailing spaces, so it keeps every row the
    // exact comparison keeps; TRIM also drops leading spaces, which the LIKE ' %' range covers.
    sql: `${SELECT} AND (m.email = ? OR m.email LIKE ' %') AND ${EXACT} ${ORDER}`,
    params: (email) => [email, email],
  },
};

async function main(): Promise<void> {
  const members = Number(process.argv[2] ?? 5000);
  const mysql = await createMysqlDatabase();
  const postgres = await createPostgresDatabase();
  try {
    const fixtures = await seedFixtures(mysql, postgres, members);
    const emails = emailMix(fixtures, 0.75);
    // A member whose stored address has spaces and capitals must still be found.
    await mysql.query(
      `UPDATE members SET email = '  Member2@NATCA.example ' WHERE membernumber = '10002'`,
    );
    for (const [name, query] of Object.entries(QUERIES)) {
      const plan = await mysql.query<Array<{ type: string; key: string | null; rows: number }>>(
        `EXPLAIN ${query.sql}`,
        query.params(emails[0]),
      );
      const [spaced] = await mysql.query<Array<{ member_number: string }>>(
        query.sql,
        query.params('member2@natca.example'),
      );
      let found = 0;
      const started = performance.now();
      for (const email of emails) {
        const rows = await mysql.query<unknown[]>(query.sql, query.params(email));
        found += rows.length;
      }
      const perQuery = (performance.now() - started) / emails.length;
      console.log(
        `${name}: ${perQuery.toFixed(3)} ms per query (sequential, ${emails.length} queries, ${found} found); ` +
          `plan for members: type=${plan[0].type} key=${plan[0].key} rows=${plan[0].rows}; ` +
          `spaced/capitalised address found: ${spaced?.member_number === '10002'}`,
      );
    }
  } finally {
    await mysql.drop();
    await postgres.drop();
  }
}

void main();
