/**
 * The member sync's data: a member table of its own per size (rows last
 * changed at times spread over days, as in a real table), the contacts the
 * Intercom double holds for those members, and the changes made before each
 * measured incremental run.
 */
import { memberContactChanges } from '../../src/intercom/enrichment/member-contact-attributes';
import { LOOKUP_STATUSES, type Member } from '../../src/members/member';
import { currentTitles } from '../../src/positions/current-titles';
import type { PositionRecord } from '../../src/positions/position';
import { createMysqlDatabase, type TestMysqlDatabase } from '../../test/support/databases';
import { seedGeography } from '../../test/support/member-fixtures';
import type { ContactSeedArgs } from '../children/intercom-double.protocol';
import type { BenchContext } from './context';
import { insertMembers, isActiveMember, memberNumberOf } from './fixtures';

/** `YYYY-MM-DD HH:MM:SS` (UTC), as DATETIME columns take it. */
export function sqlDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const MINUTE_MS = 60_000;
/** Member i's row last changed i minutes after this. */
const ROWS_CHANGED_FROM = Date.UTC(2024, 0, 1);

/**
 * A fresh MariaDB database (dropped by `drop()`, else at the end, even on Ctrl-C) with the member
 * schema, the fixtures' geography and members 1..`members`. Each row has its own
 * `updated_at`: rows all stamped at one instant would all fall in every
 * incremental run's 2-minute overlap and be read again each time.
 */
export async function createMemberSyncDatabase(
  ctx: BenchContext,
  members: number,
): Promise<TestMysqlDatabase> {
  const created = await createMysqlDatabase();
  let dropped: Promise<void> | undefined;
  const mysql: TestMysqlDatabase = { ...created, drop: () => (dropped ??= created.drop()) };
  ctx.teardown.add(`drop MariaDB database ${mysql.name}`, async () => {
    // A CLI still running (Ctrl-C) would hold the database.
    await ctx.registry.stopAll();
    await mysql.drop();
  });
  await seedGeography(mysql);
  await insertMembers(mysql, members, (i) => sqlDateTime(ROWS_CHANGED_FROM + i * MINUTE_MS));
  return mysql;
}

interface MemberRowForSeed {
  membernumber: string;
  email: string | null;
  phone: string | null;
  status: string;
  membertypeid: number;
  region: string | null;
  facility: string | null;
}

/**
 * One contact per member 1..`count`, carrying what the service writes for that
 * member today (src's memberContactChanges, on the member as the member query
 * reads it and its current positions as Supabase has them): an enriched contact
 * that is up to date. The measurement checks it: a full reconciliation over these
 * contacts must write none (MemberSyncResult.seedWrites).
 */
export async function enrichedContactSeeds(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  count: number,
): Promise<ContactSeedArgs[]> {
  const rows = await mysql.query<MemberRowForSeed[]>(
    `SELECT m.membernumber, m.email, m.phone, m.status, m.membertypeid,
            COALESCE(r.code, fr.code) AS region, f.code AS facility
       FROM members m
       LEFT JOIN facilities f ON f.id = m.facility_id
       LEFT JOIN regions r ON r.id = m.region_id
       LEFT JOIN regions fr ON fr.id = f.region_id
      ORDER BY m.membernumber
      LIMIT ?`,
    [count],
  );
  const today = new Date().toISOString().slice(0, 10);
  const positions = await ctx.postgres.client.query<{
    membernumber: string;
    positiontype: string;
    start_date: string;
  }>(
    `select membernumber, positiontype, start_date::text as start_date from public.positions
      where membernumber = any($1) and start_date <= $2::date
        and (end_date is null or end_date >= $2::date)`,
    [rows.map((row) => row.membernumber), today],
  );
  const held = new Map<string, PositionRecord[]>();
  for (const p of positions.rows) {
    held.set(p.membernumber, [
      ...(held.get(p.membernumber) ?? []),
      { title: p.positiontype, startDate: p.start_date },
    ]);
  }
  return rows.map((row) => {
    const member: Member = {
      memberNumber: row.membernumber,
      firstName: '',
      lastName: '',
      email: row.email,
      phone: row.phone,
      status: row.status,
      memberTypeId: Number(row.membertypeid),
      region: row.region,
      facility: row.facility,
    };
    const titles = LOOKUP_STATUSES.includes(member.status)
      ? currentTitles(held.get(member.memberNumber) ?? [])
      : [];
    const changes = memberContactChanges(member, titles);
    return {
      email: row.email ?? `${row.membernumber}@natca.example`,
      customAttributes: changes.customAttributes,
      ...(changes.phone !== undefined && { phone: changes.phone }),
    };
  });
}

/** The `member_type` a stale contact carries: no member's, so each needs a write. */
export const STALE_MEMBER_TYPE = 'Stale';

/** One contact per member 1..`count` carrying only its member number and a stale member type. */
export function staleContactSeeds(count: number): ContactSeedArgs[] {
  return Array.from({ length: count }, (_, k) => ({
    email: `member${k + 1}@natca.example`,
    customAttributes: { member_number: memberNumberOf(k + 1), member_type: STALE_MEMBER_TYPE },
  }));
}

/** The Active members among 1..`members` (a facility change shows on their contacts). */
export function activeMembers(members: number): number[] {
  return Array.from({ length: members }, (_, k) => k + 1).filter(isActiveMember);
}

/** How often the service looks for changed members by default (MEMBER_SYNC_INTERVAL_MS). */
const SYNC_INTERVAL_MS = 5 * MINUTE_MS;
/** Round r's changes happen in the r-th interval after this. */
const CHANGES_FROM = Date.UTC(2025, 0, 1);

/**
 * Moves these members to another facility (their contacts' `facility` and
 * often `region` change), their rows stamped one after the other across the
 * `round`-th default interval of the sync: the changes one incremental run meets.
 * (The run after also reads again those of the interval's last 2 minutes: the
 * service's overlap.)
 */
export async function changeMembers(
  mysql: TestMysqlDatabase,
  members: readonly number[],
  round: number,
): Promise<void> {
  const step = SYNC_INTERVAL_MS / members.length;
  for (const [j, i] of members.entries()) {
    const at = CHANGES_FROM + round * SYNC_INTERVAL_MS + Math.floor((j + 0.5) * step);
    await mysql.query(
      'UPDATE members SET facility_id = MOD(facility_id, 3) + 1, updated_at = ? WHERE membernumber = ?',
      [sqlDateTime(at), memberNumberOf(i)],
    );
  }
}
