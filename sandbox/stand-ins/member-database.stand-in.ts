import type { DataSource } from 'typeorm';
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
