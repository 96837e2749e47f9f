/**
 * The sandbox's member database: a dozen members chosen to show every rule of
 * docs/reference.md, "Data the service reads" (statuses, member types, duplicate emails, accents, phone
 * formats, regions from the member or the facility). The same rows are loaded
 * into the real MariaDB schema by the drift test, so they always fit it.
 */
import { insertMember } from '../../test/support/member-fixtures';

export interface RegionRow {
  id: number;
  code: string;
  name: string;
}

export interface FacilityRow {
  id: number;
  code: string;
  name: string;
  region_id: number | null;
}

export interface MemberRow {
  membernumber: string;
  firstname: string;
  lastname: string;
  email: string | null;
  phone: string | null;
  status: string;
  membertypeid: number;
  facility_id: number | null;
  region_id: number | null;
  /** 'YYYY-MM-DD HH:MM:SS', UTC: a DATETIME on MySQL, text that sorts the same way on SQLite. */
  updated_at: string;
}

/** Runs one statement with `?` placeholders: a TypeORM DataSource or a test database both fit. */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

export const REGIONS: readonly RegionRow[] = [
  { id: 1, code: 'GL', name: 'Great Lakes' },
  { id: 2, code: 'NEA', name: 'New England' },
  { id: 3, code: 'WP', name: 'Western Pacific' },
  { id: 4, code: 'SO', name: 'Southern' },
];

export const FACILITIES: readonly FacilityRow[] = [
  { id: 1, code: 'ZAU', name: 'Chicago Center', region_id: 1 },
  { id: 2, code: 'BOS', name: 'Boston Tower', region_id: 2 },
  { id: 3, code: 'ZOA', name: 'Oakland Center', region_id: 3 },
  { id: 4, code: 'ATL', name: 'Atlanta Tower', region_id: 4 },
  { id: 5, code: 'ACY', name: 'Atlantic City Tower', region_id: null },
];

function member(row: Partial<MemberRow> & Pick<MemberRow, 'membernumber'>): MemberRow {
  return {
    firstname: 'Sample',
    lastname: 'Member',
    email: null,
    phone: null,
    status: 'Active',
    membertypeid: 6,
    facility_id: null,
    region_id: null,
    updated_at: '2025-01-15 09:00:00',
    ...row,
  };
}

export const MEMBERS: readonly MemberRow[] = [
  // The walkthrough's known member: Current Member at ZAU (region from the facility).
  member({
    membernumber: '10001',
    firstname: 'John',
    lastname: 'Doe',
    email: 'john.doe@example.com',
    phone: '(765) 465-7031',
    facility_id: 1,
  }),
  // The walkthrough's re-sync: Retired, so region and facility become RNAV.
  member({
    membernumber: '10002',
    firstname: 'Jane',
    lastname: 'Smith',
    email: 'jane.smith@example.com',
    phone: '765-465-7032',
    status: 'Retired',
    membertypeid: 10,
    facility_id: 2,
  }),
  // NATCA Employee with a region of her own and no facility; phone already in E.164 form.
  member({
    membernumber: '10003',
    firstname: 'Maria',
    lastname: 'Garcia',
    email: 'maria.garcia@example.com',
    phone: '+1 202 628 5451',
    membertypeid: 8,
    region_id: 4,
  }),
  // Another member type (shown as "Member"); stored email padded and mixed case;
  // his own region (NEA) wins over his facility's (WP).
  member({
    membernumber: '10004',
    firstname: 'Wei',
    lastname: 'Chen',
    email: '  Wei.Chen@Example.COM ',
    phone: '202.628.5452',
    membertypeid: 12,
    facility_id: 3,
    region_id: 2,
  }),
  // Neither Active nor Retired: never found.
  member({
    membernumber: '10005',
    firstname: 'Tom',
    lastname: 'Brown',
    email: 'tom.brown@example.com',
    status: 'Inactive',
  }),
  member({
    membernumber: '10006',
    firstname: 'Ann',
    lastname: 'Lee',
    email: 'ann.lee@example.com',
    status: 'Suspended',
  }),
  member({
    membernumber: '10007',
    firstname: 'Bob',
    lastname: 'Gray',
    email: 'bob.gray@example.com',
    status: 'Deceased',
    membertypeid: 10,
  }),
  // One email, two members: the Active one wins although the Retired row is newer.
  member({
    membernumber: '10008',
    firstname: 'Pat',
    lastname: 'Kelly',
    email: 'pat.kelly@example.com',
    status: 'Retired',
    membertypeid: 10,
    updated_at: '2025-06-01 12:00:00',
  }),
  member({
    membernumber: '10009',
    firstname: 'Pat',
    lastname: 'Kelly',
    email: 'Pat.Kelly@example.com',
    phone: '2026285453',
    facility_id: 4,
    updated_at: '2019-01-01 08:00:00',
  }),
  // Both Active: the latest updated_at wins. The phone is not a number, so none is sent.
  member({
    membernumber: '10010',
    firstname: 'Sam',
    lastname: 'Taylor',
    email: 'sam.taylor@example.com',
    updated_at: '2021-03-01 10:00:00',
  }),
  member({
    membernumber: '10011',
    firstname: 'Sam',
    lastname: 'Taylor',
    email: 'sam.taylor@example.com',
    phone: 'n/a',
    facility_id: 5,
    updated_at: '2024-05-05 10:00:00',
  }),
  // Same everything: the lowest number in numeric order wins (9001, although "10012" < "9001" as text).
  member({
    membernumber: '10012',
    firstname: 'Alex',
    lastname: 'Morgan',
    email: 'alex.morgan@example.com',
  }),
  member({
    membernumber: '9001',
    firstname: 'Alex',
    lastname: 'Morgan',
    email: 'alex.morgan@example.com',
  }),
  // An accent is not letter case: rene@example.com finds nobody, RENE@EXÄMPLE.COM finds René.
  member({
    membernumber: '10013',
    firstname: 'René',
    lastname: 'Dubois',
    email: 'rene@exämple.com',
    phone: '(617) 555-0134',
    facility_id: 2,
  }),
  // No email at all: found by number only.
  member({ membernumber: '10014', firstname: 'Chris', lastname: 'Walker', facility_id: 3 }),
];

/** The tables of test/sql/members-schema.sql must exist; inserts every sample row. */
export async function seedMembers(run: RunSql): Promise<void> {
  for (const r of REGIONS) {
    await run('INSERT INTO regions (id, code, name) VALUES (?, ?, ?)', [r.id, r.code, r.name]);
  }
  for (const f of FACILITIES) {
    await run('INSERT INTO facilities (id, code, name, region_id) VALUES (?, ?, ?, ?)', [
      f.id,
      f.code,
      f.name,
      f.region_id,
    ]);
  }
  // The tests' own insert, so the sample rows go in exactly as test rows do.
  const db = { query: <T>(sql: string, params: unknown[] = []) => run(sql, params) as Promise<T> };
  for (const m of MEMBERS) await insertMember(db, m);
}
