import { PGlite } from '@electric-sql/pglite';
import { pgliteExecutor } from '../../test/support/postgrest/pglite-executor';
import { startPostgrestServer } from '../../test/support/postgrest/postgrest-server';
import { supabaseMigrations } from '../../test/support/supabase-migrations';
import { seedPositions } from '../seed/positions.seed';

export interface PositionsStandIn {
  /** The Supabase URL for supabase-js (PostgREST under /rest/v1). */
  url: string;
  close(): Promise<void>;
}

/**
 * Supabase for the sandbox: an embedded PostgreSQL (PGlite, in memory) with the
 * project's migrations applied and sample positions, served to the service's
 * real supabase-js client by the PostgREST-compatible server.
 */
export async function startPositionsStandIn(serviceKey: string): Promise<PositionsStandIn> {
  const db = await PGlite.create();
  try {
    for (const migration of supabaseMigrations()) await db.exec(migration);
    await seedPositions((sql, params) => db.query(sql, params));
    const server = await startPostgrestServer({ executor: pgliteExecutor(db), serviceKey });
    return {
      url: server.url,
      async close() {
        await server.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
