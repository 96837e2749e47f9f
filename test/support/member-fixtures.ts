import type { Member } from '../../src/members/member';
import type { TestMysqlDatabase } from './databases';

/** Anything that runs a statement with `?` placeholders: a test database on MariaDB or SQLite. */
type SqlTarget = Pick<TestMysqlDatabase, 'query'>;

export interface MemberSeed {
  membernumber: string;
  firstname?: string;
  lastname?: string;
  email?: string | null;
  phone?: string | null;
  status?: string;
  membertypeid?: number;
  facility_id?: number | null;
  region_id?: number | null;
  updated_at?: string;
}

/** Two regions and three facilities; facility 3 has no region. */
export async function seedGeography(db: SqlTarget): Promise<void> {
  await db.query(
    `INSERT INTO regions (id, code, name) VALUES (1, 'GL', 'Great Lakes'), (2, 'NEA', 'New England')`,
  );
  await db.query(
    `INSERT INTO facilities (id, code, name, region_id) VALUES
      (1, 'ZAU', 'Chicago Center', 1), (2, 'BOS', 'Boston Tower', 2), (3, 'XYZ', 'No Region Facility', NULL)`,
  );
}

export async function insertMember(db: SqlTarget, seed: MemberSeed): Promise<void> {
  const row = {
    firstname: 'Test',
    lastname: 'Member',
    email: null,
    phone: null,
    status: 'Active',
    membertypeid: 6,
    facility_id: null,
    region_id: null,
    updated_at: '2024-01-01 00:00:00',
    ...seed,
  };
  await db.query(
    `INSERT INTO members (membernumber, firstname, lastname, email, phone, status, membertypeid, facility_id, region_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.membernumber,
      row.firstname,
      row.lastname,
      row.email,
      row.phone,
      row.status,
      row.membertypeid,
      row.facility_id,
      row.region_id,
      row.updated_at,
    ],
  );
}

/** The domain's view of John Doe (member 12345, Active, ZAU in Great Lakes), for unit tests. */
export function memberOf(overrides: Partial<Member> = {}): Member {
  return {
    memberNumber: '12345',
    firstName: 'John',
    lastName: 'Doe',
    email: 'john.doe@example.com',
    phone: '(765) 465-7031',
    status: 'Active',
    memberTypeId: 6,
    region: 'GL',
    facility: 'ZAU',
    ...overrides,
  };
}
