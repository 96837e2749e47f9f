/**
 * The PostgREST test server over an embedded PGlite instead of a pg pool, as the
 * sandbox runs it: the same answers to the real supabase-js client, PostgreSQL's
 * errors passed through, nothing written, and the caller's database left open.
 */
import type * as PgliteModule from '@electric-sql/pglite';
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import ws from 'ws';
import { requireWithNode } from '../../support/node-loader';
import { pgliteExecutor } from '../../support/postgrest/pglite-executor';
import {
  startPostgrestServer,
  type PostgrestServer,
} from '../../support/postgrest/postgrest-server';
import { supabaseMigrations } from '../../support/supabase-migrations';

const SERVICE_KEY = 'service-role-key-for-pglite';
// Through Node's loader: PGlite's dynamic import() cannot run in Jest's module registry.
const { PGlite } = requireWithNode<typeof PgliteModule>('@electric-sql/pglite');

describe('PostgREST test server over PGlite', () => {
  let db: PgliteModule.PGlite;
  let server: PostgrestServer;
  let supabase: ReturnType<typeof createClient>;

  beforeAll(async () => {
    db = await PGlite.create();
    for (const migration of supabaseMigrations()) await db.exec(migration);
    await db.query(
      `INSERT INTO public.positions (membernumber, positiontype, facility_id, start_date, end_date)
       VALUES ('12345', 'President', NULL, '2025-01-01', NULL),
              ('12345', 'Rep', 'ZAU', '2024-01-01', '2026-11-27'),
              ('67890', 'Facility Rep', 'ZNY', '2023-05-05', NULL)`,
    );
    server = await startPostgrestServer({ executor: pgliteExecutor(db), serviceKey: SERVICE_KEY });
    supabase = createClient(server.url, SERVICE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as unknown as WebSocketLikeConstructor },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it("answers the service's positions query with PostgREST's rows, order and types", async () => {
    const { data, error, status } = await supabase
      .from('positions')
      .select('id,positiontype,start_date,end_date')
      .eq('membernumber', '12345')
      .lte('start_date', '2026-11-28')
      .or('end_date.is.null,end_date.gte.2026-11-28')
      .order('start_date', { ascending: false });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([
      { id: 1, positiontype: 'President', start_date: '2025-01-01', end_date: null },
    ]);
  });

  it('counts exactly and answers a partial page with 206', async () => {
    const { count, status } = await supabase
      .from('positions')
      .select('id', { count: 'exact', head: true })
      .limit(1);
    expect(count).toBe(3);
    expect(status).toBe(206);
  });

  it("passes PostgreSQL's own errors through with PostgREST's statuses", async () => {
    const column = await supabase.from('positions').select('nope');
    expect(column.status).toBe(400);
    expect(column.error?.code).toBe('42703');

    const bigint = await supabase.from('positions').select('id').eq('id', 'abc');
    expect(bigint.status).toBe(400);
    expect(bigint.error).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type bigint: "abc"',
    });
  });

  it('runs every query read-only', async () => {
    await expect(
      pgliteExecutor(db).query("DELETE FROM public.positions WHERE membernumber = '67890'"),
    ).rejects.toMatchObject({ code: '25006' });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM public.positions',
    );
    expect(rows[0].n).toBe(3);
  });

  it('leaves the PGlite database open when it closes: the caller owns it', async () => {
    const own = await startPostgrestServer({
      executor: pgliteExecutor(db),
      serviceKey: SERVICE_KEY,
    });
    await own.close();
    await expect(fetch(`${own.url}/rest/v1/positions`)).rejects.toThrow();
    const { rows } = await db.query<{ n: number }>('SELECT 1 AS n');
    expect(rows[0].n).toBe(1);
  });
});
