import type { DataSource } from 'typeorm';
import { sqlDialectFor } from '../../src/common/database/sql-dialect';
import { seedMembers } from '../seed/members.seed';
import { sqliteMembersSchema } from '../seed/sqlite-members-schema';

/**
 * The legacy member tables, created in the service's own in-memory SQLite
 * (DB_TYPE=sqljs) next to the inbox its migration made, and filled with the samples.
 */
export async function seedMemberDatabase(dataSource: DataSource): Promise<void> {
  for (const statement of sqliteMembersSchema()) await dataSource.query(statement);
  await seedMembers((sql, params) => dataSource.query(sql, params));
}

/**
 * What the legacy system does when a member moves: a new facility, and `updated_at`
 * stamped now (UTC, the seed's text form). The service shares this one SQLite
 * connection, so the write takes its turn with the service's own (exclusive()).
 */
export async function moveMember(
  dataSource: DataSource,
  memberNumber: string,
  facilityId: number,
): Promise<void> {
  await sqlDialectFor(dataSource).exclusive(() =>
    dataSource.query(
      `UPDATE members SET facility_id = ?, updated_at = datetime('now') WHERE membernumber = ?`,
      [facilityId, memberNumber],
    ),
  );
}
