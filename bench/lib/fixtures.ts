/**
 * The data every measurement runs on: a member table of realistic size
 * (Active, Retired and other statuses, three facilities, two regions), and
 * union positions for two members in three, some of them ended.
 */
import type { TestMysqlDatabase, TestPostgresDatabase } from '../../test/support/databases';
import { seedGeography } from '../../test/support/member-fixtures';

export interface Fixtures {
  /** Emails of Active or Retired members (the lookup finds them). */
  foundEmails: string[];
  /** Emails no member has, or only members of another status. */
  notFoundEmails: string[];
}

const BATCH = 1000;
const POSITION_TITLES = [
  'Facility President',
  'Area Representative',
  'Vice President',
  'Alternate',
];

function statusOf(i: number): string {
  if (i % 10 === 0) return 'Inactive';
  if (i % 10 === 1) return 'Retired';
  return 'Active';
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The member table's fixed date, for the measurements that do not look at it. */
const FIXTURE_UPDATED_AT = '2024-01-01 00:00:00';

/**
 * Members 1..`members` (numbers 10001…), in batches. `updatedAt(i)` stamps
 * member i's row (`YYYY-MM-DD HH:MM:SS`); answers the emails that the lookup
 * finds and those it does not.
 */
export async function insertMembers(
  mysql: TestMysqlDatabase,
  members: number,
  updatedAt: (i: number) => string = () => FIXTURE_UPDATED_AT,
): Promise<Fixtures> {
  const foundEmails: string[] = [];
  const notFoundEmails: string[] = [];
  for (let first = 1; first <= members; first += BATCH) {
    const rows: unknown[][] = [];
    for (let i = first; i < Math.min(first + BATCH, members + 1); i++) {
      const status = statusOf(i);
      const email = `member${i}@natca.example`;
      (status === 'Inactive' ? notFoundEmails : foundEmails).push(email);
      rows.push([
        memberNumberOf(i),
        `First${i}`,
        `Last${i}`,
        email,
        `(765) 465-${String(i % 10000).padStart(4, '0')}`,
        status,
        status === 'Retired' ? 10 : i % 25 === 0 ? 8 : 6,
        1 + (i % 3),
        i % 2 === 1 ? null : i % 4 === 0 ? 2 : 1,
        updatedAt(i),
      ]);
    }
    await mysql.query(
      `INSERT INTO members (membernumber, firstname, lastname, email, phone, status, membertypeid, facility_id, region_id, updated_at) VALUES ?`,
      [rows],
    );
  }
  return { foundEmails, notFoundEmails };
}

/** Member i's number. */
export function memberNumberOf(i: number): string {
  return String(10000 + i);
}

/** Whether member i is Active (neither Retired nor another status). */
export function isActiveMember(i: number): boolean {
  return statusOf(i) === 'Active';
}

export async function seedFixtures(
  mysql: TestMysqlDatabase,
  postgres: TestPostgresDatabase,
  members: number,
): Promise<Fixtures> {
  await seedGeography(mysql);
  const { foundEmails, notFoundEmails } = await insertMembers(mysql, members);
  for (let k = 0; k < 200; k++) notFoundEmails.push(`nobody${k}@natca.example`);

  const numbers: string[] = [];
  const titles: string[] = [];
  const starts: string[] = [];
  const ends: Array<string | null> = [];
  for (let i = 1; i <= members; i++) {
    if (i % 3 === 0) continue;
    for (let p = 0; p < 1 + (i % 3); p++) {
      numbers.push(memberNumberOf(i));
      titles.push(POSITION_TITLES[(i + p) % POSITION_TITLES.length]);
      starts.push(day(-30 - 100 * p));
      // Every fourth position has ended.
      ends.push((i + p) % 4 === 0 ? day(-10) : null);
    }
  }
  await postgres.client.query(
    `insert into public.positions (membernumber, positiontype, start_date, end_date)
     select * from unnest($1::text[], $2::text[], $3::date[], $4::date[])`,
    [numbers, titles, starts, ends],
  );
  await postgres.client.query('analyze public.positions');
  return { foundEmails, notFoundEmails };
}

/** A repeatable request mix: `foundShare` of the emails belong to a member. */
export function emailMix(fixtures: Fixtures, foundShare: number, size = 1000): string[] {
  const mix: string[] = [];
  let found = 0;
  let missing = 0;
  for (let k = 0; k < size; k++) {
    if ((found + 1) / (k + 1) <= foundShare || missing >= size * (1 - foundShare)) {
      mix.push(fixtures.foundEmails[(found * 7919) % fixtures.foundEmails.length]);
      found++;
    } else {
      mix.push(fixtures.notFoundEmails[(missing * 31) % fixtures.notFoundEmails.length]);
      missing++;
    }
  }
  return mix;
}
