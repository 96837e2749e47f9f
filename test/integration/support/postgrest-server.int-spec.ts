/**
 * The PostgREST test server, driven by the real @supabase/supabase-js client against the
 * real PostgreSQL database (plus raw fetch where headers or malformed URLs are the point).
 */
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import ws from 'ws';
import { createPostgresDatabase, type TestPostgresDatabase } from '../../support/databases';
import {
  startPostgrestServer,
  type PostgrestServer,
} from '../../support/postgrest/postgrest-server';
import { waitFor } from '../../support/wait-for';

const SERVICE_KEY = 'service-role-key-for-tests';
const TODAY = '2026-11-28';

interface Position {
  id: number;
  membernumber: string;
  positiontype: string;
  facility_id: string | null;
  start_date: string;
  end_date: string | null;
}

// ids 1..6 in this order (identity column of a fresh database).
const FIXTURES: Array<Omit<Position, 'id'>> = [
  {
    membernumber: '12345',
    positiontype: 'President',
    facility_id: null,
    start_date: '2025-01-01',
    end_date: null,
  },
  {
    membernumber: '12345',
    positiontype: 'Vice President',
    facility_id: null,
    start_date: '2026-11-28',
    end_date: '2026-12-31',
  },
  {
    membernumber: '12345',
    positiontype: 'Rep',
    facility_id: null,
    start_date: '2024-01-01',
    end_date: '2026-11-27',
  },
  {
    membernumber: '12345',
    positiontype: 'Alternate',
    facility_id: null,
    start_date: '2026-11-29',
    end_date: null,
  },
  {
    membernumber: '12345',
    positiontype: 'Area Rep',
    facility_id: null,
    start_date: '2025-01-01',
    end_date: '2026-11-28',
  },
  {
    membernumber: '67890',
    positiontype: 'Facility Rep',
    facility_id: 'ZNY',
    start_date: '2023-05-05',
    end_date: null,
  },
];

function supabaseFor(url: string, key = SERVICE_KEY, schema = 'public') {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // supabase-js 2.10x on Node 20 throws at createClient without a WebSocket transport.
    realtime: { transport: ws as unknown as WebSocketLikeConstructor },
    db: { schema },
  });
}

type Supabase = ReturnType<typeof supabaseFor>;

/** The exact query PositionsService issues. */
function activePositions(supabase: Supabase, membernumber: string, signal: AbortSignal) {
  return supabase
    .from('positions')
    .select('positiontype,start_date')
    .eq('membernumber', membernumber)
    .lte('start_date', TODAY)
    .or(`end_date.is.null,end_date.gte.${TODAY}`)
    .order('start_date', { ascending: false })
    .order('positiontype', { ascending: true })
    .abortSignal(signal);
}

describe('PostgREST test server', () => {
  let db: TestPostgresDatabase;
  let server: PostgrestServer;
  let supabase: Supabase;

  /** A raw request under /rest/v1/, authenticated unless headers say otherwise. */
  async function rest(
    pathAndQuery: string,
    init: { method?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
    const auth: Record<string, string> =
      init.auth === false ? {} : { apikey: SERVICE_KEY, Authorization: `Bearer ${SERVICE_KEY}` };
    const response = await fetch(`${server.url}/rest/v1/${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers: { ...auth, ...init.headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json:
        text === '' || !response.headers.get('content-type')?.includes('json')
          ? undefined
          : JSON.parse(text),
    };
  }

  beforeAll(async () => {
    db = await createPostgresDatabase();
    for (const row of FIXTURES) {
      await db.client.query(
        `INSERT INTO public.positions (membernumber, positiontype, facility_id, start_date, end_date)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.membernumber, row.positiontype, row.facility_id, row.start_date, row.end_date],
      );
    }
    server = await startPostgrestServer({
      connectionString: db.connectionString,
      serviceKey: SERVICE_KEY,
    });
    supabase = supabaseFor(server.url);
  });

  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  beforeEach(() => {
    server.faults.reset();
    server.requests.length = 0;
  });

  describe('the service queries', () => {
    it('answers the active-positions query with PostgREST rows, order and types', async () => {
      const { data, error, status } = await activePositions(
        supabase,
        '12345',
        new AbortController().signal,
      );

      expect(error).toBeNull();
      expect(status).toBe(200);
      // start_date = today, end_date = today and open-ended count; ended yesterday and
      // starting tomorrow do not. Ties on start_date are ordered by positiontype.
      expect(data).toEqual([
        { positiontype: 'Vice President', start_date: '2026-11-28' },
        { positiontype: 'Area Rep', start_date: '2025-01-01' },
        { positiontype: 'President', start_date: '2025-01-01' },
      ]);
      expect(server.requests).toEqual([
        {
          method: 'GET',
          path: '/rest/v1/positions',
          query:
            'select=positiontype,start_date&membernumber=eq.12345&start_date=lte.2026-11-28' +
            '&or=(end_date.is.null,end_date.gte.2026-11-28)&order=start_date.desc,positiontype.asc',
        },
      ]);
    });

    it('answers the readiness check with an exact count, a 206 and no body', async () => {
      const { data, error, count, status } = await supabase
        .from('positions')
        .select('id', { count: 'exact', head: true })
        .limit(1);

      expect(error).toBeNull();
      expect(count).toBe(6);
      expect(data).toBeNull();
      expect(status).toBe(206);
      expect(server.requests[0]).toEqual({
        method: 'HEAD',
        path: '/rest/v1/positions',
        query: 'select=id&limit=1',
        prefer: 'count=exact',
      });
    });

    it('serializes date as YYYY-MM-DD, bigint as a number and null as null', async () => {
      const { data, error } = await supabase.from('positions').select('*').eq('id', 6).single();

      expect(error).toBeNull();
      expect(data).toEqual({
        id: 6,
        membernumber: '67890',
        positiontype: 'Facility Rep',
        facility_id: 'ZNY',
        start_date: '2023-05-05',
        end_date: null,
      });
    });
  });

  describe('response headers', () => {
    it('sends JSON with Content-Range, with and without an exact count', async () => {
      const counted = await rest('positions?select=id&order=id&limit=2', {
        headers: { Prefer: 'count=exact' },
      });
      expect(counted.status).toBe(206);
      expect(counted.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(counted.headers.get('content-range')).toBe('0-1/6');
      expect(counted.json).toEqual([{ id: 1 }, { id: 2 }]);

      const uncounted = await rest('positions?select=id&order=id&offset=4');
      expect(uncounted.status).toBe(200);
      expect(uncounted.headers.get('content-range')).toBe('4-5/*');

      const whole = await rest('positions?select=id', { headers: { Prefer: 'count=exact' } });
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-range')).toBe('0-5/6');
    });

    it('writes an empty page as */0 with a count and */* without', async () => {
      const counted = await rest('positions?membernumber=eq.nobody', {
        headers: { Prefer: 'count=exact' },
      });
      expect(counted.status).toBe(200);
      expect(counted.headers.get('content-range')).toBe('*/0');
      expect(counted.json).toEqual([]);

      const uncounted = await rest('positions?membernumber=eq.nobody');
      expect(uncounted.headers.get('content-range')).toBe('*/*');
    });

    it('answers HEAD with the GET status and headers but no body', async () => {
      const head = await rest('positions?select=id&limit=2', {
        method: 'HEAD',
        headers: { Prefer: 'count=exact' },
      });
      expect(head.status).toBe(206);
      expect(head.headers.get('content-range')).toBe('0-1/6');
      expect(head.text).toBe('');
    });

    it('answers an offset past the end with 416 PGRST103 when counting', async () => {
      const past = await rest('positions?offset=10', { headers: { Prefer: 'count=exact' } });
      expect(past.status).toBe(416);
      expect(past.json).toEqual({
        code: 'PGRST103',
        details: 'An offset of 10 was requested, but there are only 6 rows.',
        hint: null,
        message: 'Requested range not satisfiable',
      });

      const negative = await rest('positions?limit=-1');
      expect(negative.status).toBe(416);
      expect(negative.json).toMatchObject({
        code: 'PGRST103',
        details: 'Limit should be greater than or equal to zero.',
      });
    });

    it('honours the Range request header', async () => {
      const ranged = await rest('positions?select=id&order=id', {
        headers: { Range: '2-3', Prefer: 'count=exact' },
      });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe('2-3/6');
      expect(ranged.json).toEqual([{ id: 3 }, { id: 4 }]);
    });
  });

  describe('filters, logic trees and ordering through supabase-js', () => {
    const base = () => supabase.from('positions').select('id').order('id');

    async function ids(query: PromiseLike<{ data: unknown; error: unknown }>): Promise<number[]> {
      const { data, error } = await query;
      expect(error).toBeNull();
      return (data as Array<{ id: number }>).map((row) => row.id);
    }

    it('applies comparison operators', async () => {
      expect(await ids(base().eq('membernumber', '67890'))).toEqual([6]);
      expect(await ids(base().neq('membernumber', '12345'))).toEqual([6]);
      expect(await ids(base().gt('start_date', '2025-01-01'))).toEqual([2, 4]);
      expect(await ids(base().gte('start_date', '2025-01-01'))).toEqual([1, 2, 4, 5]);
      expect(await ids(base().lt('id', 3))).toEqual([1, 2]);
      expect(await ids(base().lte('end_date', '2026-11-28'))).toEqual([3, 5]);
    });

    it('applies in, is, like and ilike (with * as the wildcard)', async () => {
      expect(await ids(base().in('positiontype', ['President', 'Area Rep']))).toEqual([1, 5]);
      expect(await ids(base().in('positiontype', []))).toEqual([]);
      expect(await ids(base().is('end_date', null))).toEqual([1, 4, 6]);
      expect(await ids(base().like('positiontype', '*Rep'))).toEqual([3, 5, 6]);
      expect(await ids(base().like('positiontype', '*rep'))).toEqual([]);
      expect(await ids(base().ilike('positiontype', 'V*'))).toEqual([2]);
      expect(await ids(base().ilike('positiontype', 'v*'))).toEqual([2]);
    });

    it('negates filters with not.', async () => {
      expect(await ids(base().not('facility_id', 'is', null))).toEqual([6]);
      expect(await ids(base().not('positiontype', 'in', '(President,Rep,Alternate)'))).toEqual([
        2, 5, 6,
      ]);
      expect(await ids(base().not('membernumber', 'eq', '12345'))).toEqual([6]);
    });

    it('applies or=() with nested and(), not. and quoted values', async () => {
      expect(
        await ids(
          base().or('and(membernumber.eq.67890,facility_id.eq.ZNY),positiontype.eq.Alternate'),
        ),
      ).toEqual([4, 6]);
      expect(await ids(base().or('positiontype.in.("Area Rep",Rep),id.eq.1'))).toEqual([1, 3, 5]);
      expect(await ids(base().or('positiontype.eq."Vice President",end_date.not.is.null'))).toEqual(
        [2, 3, 5],
      );
      expect(await ids(base().eq('membernumber', '12345').or('id.lt.2,id.gt.4'))).toEqual([1, 5]);
    });

    it('orders by several columns with nullsfirst / nullslast', async () => {
      const nullsFirst = await supabase
        .from('positions')
        .select('id,end_date')
        .order('end_date', { ascending: true, nullsFirst: true })
        .order('id');
      expect(nullsFirst.error).toBeNull();
      expect(nullsFirst.data?.map((row) => row.id)).toEqual([1, 4, 6, 3, 5, 2]);

      const nullsLast = await supabase
        .from('positions')
        .select('id')
        .order('end_date', { ascending: false, nullsFirst: false })
        .order('id', { ascending: false });
      expect(nullsLast.data?.map((row) => row.id)).toEqual([2, 5, 3, 6, 4, 1]);
    });

    it('pages with range() and reports the exact count', async () => {
      const { data, count, status } = await supabase
        .from('positions')
        .select('id', { count: 'exact' })
        .order('id')
        .range(1, 2);
      expect(data).toEqual([{ id: 2 }, { id: 3 }]);
      expect(count).toBe(6);
      expect(status).toBe(206);
    });

    it('supports select aliases and casts', async () => {
      const { data, error } = await supabase
        .from('positions')
        .select('kind:positiontype,id::text')
        .eq('id', 1);
      expect(error).toBeNull();
      expect(data).toEqual([{ kind: 'President', id: '1' }]);
    });
  });

  describe('single object responses', () => {
    it('returns the object when exactly one row matches', async () => {
      const { data, error, status } = await supabase
        .from('positions')
        .select('positiontype')
        .eq('id', 2)
        .single();
      expect(error).toBeNull();
      expect(status).toBe(200);
      expect(data).toEqual({ positiontype: 'Vice President' });
    });

    it('strips null fields when asked to (Accept ...;nulls=stripped)', async () => {
      const { data, error } = await supabase
        .from('positions')
        .select('id,end_date')
        .eq('id', 1)
        .stripNulls();
      expect(error).toBeNull();
      expect(data).toEqual([{ id: 1 }]);
    });

    it('lets maybeSingle() see zero rows as null without an error', async () => {
      const { data, error, status } = await supabase
        .from('positions')
        .select('id')
        .eq('membernumber', 'nobody')
        .maybeSingle();
      expect(error).toBeNull();
      expect(status).toBe(200);
      expect(data).toBeNull();
    });

    it('answers 406 PGRST116 for zero or several rows', async () => {
      const none = await supabase
        .from('positions')
        .select('id')
        .eq('membernumber', 'nobody')
        .single();
      expect(none.status).toBe(406);
      expect(none.error).toEqual({
        code: 'PGRST116',
        details: 'The result contains 0 rows',
        hint: null,
        message: 'Cannot coerce the result to a single JSON object',
      });

      const many = await supabase.from('positions').select('id').single();
      expect(many.status).toBe(406);
      expect(many.error?.details).toBe('The result contains 6 rows');
    });
  });

  describe('rejections', () => {
    it('passes PostgreSQL 42703 through for an unknown column in select, filter or order', async () => {
      const selected = await supabase.from('positions').select('id,nope');
      expect(selected.status).toBe(400);
      expect(selected.error).toMatchObject({
        code: '42703',
        message: 'column positions.nope does not exist',
      });

      const filtered = await supabase.from('positions').select('id').eq('membernumbr', '12345');
      expect(filtered.status).toBe(400);
      expect(filtered.error?.code).toBe('42703');
      expect(filtered.error?.message).toBe('column positions.membernumbr does not exist');
      expect(filtered.error?.hint).toContain('positions.membernumber');

      const ordered = await supabase.from('positions').select('id').order('nope');
      expect(ordered.error?.code).toBe('42703');

      const inOr = await supabase.from('positions').select('id').or('nope.is.null,id.eq.1');
      expect(inOr.error?.code).toBe('42703');
    });

    it('answers 404 PGRST205 for an unknown table, with a hint for a near miss', async () => {
      const unknown = await supabase.from('members').select('*');
      expect(unknown.status).toBe(404);
      expect(unknown.error).toEqual({
        code: 'PGRST205',
        details: null,
        hint: null,
        message: "Could not find the table 'public.members' in the schema cache",
      });

      const nearMiss = await supabase.from('position').select('*');
      expect(nearMiss.status).toBe(404);
      expect(nearMiss.error?.hint).toBe("Perhaps you meant the table 'public.positions'");
    });

    it('answers 400 PGRST100 for malformed operators, logic trees and orders', async () => {
      const operator = await supabase
        .from('positions')
        .select('id')
        .filter('positiontype', 'eqq', 'x');
      expect(operator.status).toBe(400);
      expect(operator.error).toEqual({
        code: 'PGRST100',
        details: 'unknown single value operator eqq',
        hint: null,
        message: '"failed to parse filter (eqq.x)" (line 1, column 5)',
      });

      const logic = await supabase.from('positions').select('id').or('end_date.is.null,end_date');
      expect(logic.status).toBe(400);
      expect(logic.error?.code).toBe('PGRST100');
      expect(logic.error?.message).toMatch(
        /^"failed to parse logic tree \(\(end_date\.is\.null,end_date\)\)" \(line 1, column \d+\)$/,
      );

      const order = await rest('positions?order=start_date.up');
      expect(order.status).toBe(400);
      expect(order.json).toMatchObject({
        code: 'PGRST100',
        message: '"failed to parse order (start_date.up)" (line 1, column 12)',
      });

      const trilean = await rest('positions?end_date=is.maybe');
      expect(trilean.json).toMatchObject({ code: 'PGRST100' });
      const noOperator = await rest('positions?membernumber=12345');
      expect(noOperator.json).toMatchObject({ code: 'PGRST100' });
      const select = await rest('positions?select=id,,membernumber');
      expect(select.json).toMatchObject({ code: 'PGRST100' });
    });

    it('passes PostgreSQL errors for values of the wrong type through as 400', async () => {
      const bigint = await supabase.from('positions').select('id').eq('id', 'abc');
      expect(bigint.status).toBe(400);
      expect(bigint.error).toMatchObject({
        code: '22P02',
        message: 'invalid input syntax for type bigint: "abc"',
      });

      const date = await supabase.from('positions').select('id').lte('start_date', 'not-a-date');
      expect(date.status).toBe(400);
      expect(date.error?.code).toBe('22007');
    });

    it('answers 401 without a key and with a wrong key', async () => {
      const missing = await rest('positions', { auth: false });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect(missing.json).toMatchObject({
        code: 'PGRST302',
        message: 'Anonymous access is disabled',
      });

      const wrong = await supabaseFor(server.url, 'not-the-service-key')
        .from('positions')
        .select('id');
      expect(wrong.status).toBe(401);
      expect(wrong.error?.code).toBe('PGRST301');
      expect(wrong.data).toBeNull();
    });

    it('answers 406 PGRST106 for a schema that is not exposed', async () => {
      const { status, error } = await supabaseFor(server.url, SERVICE_KEY, 'private')
        .from('positions')
        .select('id');
      expect(status).toBe(406);
      expect(error).toEqual({
        code: 'PGRST106',
        details: null,
        hint: 'Only the following schemas are exposed: public',
        message: 'Invalid schema: private',
      });
    });

    it('refuses writes with 405 PGRST117 and leaves the table untouched', async () => {
      const { status, error } = await supabase
        .from('positions')
        .insert({ membernumber: '1', positiontype: 'X', start_date: TODAY });
      expect(status).toBe(405);
      expect(error?.code).toBe('PGRST117');
      expect(error?.message).toBe('Unsupported HTTP method: POST');
      const { rows } = await db.client.query<{ n: string }>(
        'SELECT count(*) AS n FROM public.positions',
      );
      expect(rows[0].n).toBe('6');
    });

    it('treats injection attempts in values and names as data, never as SQL', async () => {
      const inValue = await supabase
        .from('positions')
        .select('id')
        .eq('membernumber', "12345' OR '1'='1");
      expect(inValue.error).toBeNull();
      expect(inValue.data).toEqual([]);

      const dropInValue = await supabase
        .from('positions')
        .select('id')
        .eq('membernumber', "x'; DROP TABLE public.positions; --");
      expect(dropInValue.data).toEqual([]);

      const inLogic = await supabase
        .from('positions')
        .select('id')
        .or(`membernumber.eq."12345') OR (1=1) --"`);
      expect(inLogic.error).toBeNull();
      expect(inLogic.data).toEqual([]);

      const inColumn = await supabase
        .from('positions')
        .select('id,"id; DROP TABLE public.positions"');
      expect(inColumn.error?.code).toBe('42703');

      const inTable = await supabase
        .from('positions"; DROP TABLE public.positions; --')
        .select('id');
      expect(inTable.error?.code).toBe('PGRST205');

      const inCast = await supabase
        .from('positions')
        .select('id::text); DROP TABLE public.positions; --');
      expect(inCast.status).toBe(400);

      const { rows } = await db.client.query<{ n: string }>(
        'SELECT count(*) AS n FROM public.positions',
      );
      expect(rows[0].n).toBe('6');
    });
  });

  describe('faults', () => {
    it('failNext answers the next requests with the status and a PostgREST body', async () => {
      server.faults.failNext(2);

      const first = await supabase.from('positions').select('id');
      const second = await supabase.from('positions').select('id');
      const third = await supabase.from('positions').select('id').eq('id', 1);

      expect(first.status).toBe(500);
      expect(first.error).toMatchObject({ code: 'XX000', message: 'Injected fault (HTTP 500)' });
      expect(first.data).toBeNull();
      expect(second.status).toBe(500);
      expect(third.error).toBeNull();
      expect(third.data).toEqual([{ id: 1 }]);
    });

    it('failNext(…, 503) is what supabase-js retries, unless retries are off', async () => {
      server.faults.failNext(1, 503);
      const noRetry = await supabase.from('positions').select('id').eq('id', 1).retry(false);
      expect(noRetry.status).toBe(503);
      expect(noRetry.error?.code).toBe('PGRST000');

      server.faults.failNext(1, 503);
      const retried = await supabase.from('positions').select('id').eq('id', 1);
      expect(retried.error).toBeNull();
      expect(retried.data).toEqual([{ id: 1 }]);
      expect(server.requests).toHaveLength(3);
    });

    it('hangNext holds the request until supabase-js aborts it; the next one is served', async () => {
      server.faults.hangNext(1);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 150);

      const started = Date.now();
      const hung = await activePositions(supabase, '12345', controller.signal);
      clearTimeout(timer);

      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(hung.data).toBeNull();
      expect(hung.status).toBe(0);
      expect(hung.error?.message).toMatch(/AbortError/);

      const next = await activePositions(supabase, '12345', new AbortController().signal);
      expect(next.error).toBeNull();
      expect(next.data).toHaveLength(3);
      expect(server.requests).toHaveLength(2);
    });

    it('setLatency delays every answer until reset', async () => {
      server.faults.setLatency(200);
      const started = Date.now();
      const slow = await supabase.from('positions').select('id').eq('id', 1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(slow.data).toEqual([{ id: 1 }]);

      server.faults.reset();
      const fastStart = Date.now();
      await supabase.from('positions').select('id').eq('id', 1);
      expect(Date.now() - fastStart).toBeLessThan(190);
    });

    it('reloadSchemaCache answers 503 PGRST002 with Retry-After for the next requests', async () => {
      server.faults.reloadSchemaCache({ requests: 2, retryAfterSeconds: 3 });
      const first = await rest('positions?select=id&id=eq.1');
      const second = await rest('positions?select=id&id=eq.1');
      const third = await rest('positions?select=id&id=eq.1');
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('3');
      expect(first.json).toMatchObject({ code: 'PGRST002' });
      expect(second.status).toBe(503);
      expect(third.status).toBe(200);
      expect(third.json).toEqual([{ id: 1 }]);
    });

    it('reloadSchemaCache({ forMs }) refuses every request for that long, then serves again', async () => {
      server.faults.reloadSchemaCache({ forMs: 300 });
      const started = Date.now();
      const during = await rest('positions?select=id&id=eq.1');
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('1');
      await waitFor(
        async () => (await rest('positions?select=id&id=eq.1')).status === 200,
        'the schema cache to be loaded again',
        2_000,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('setMaxRows cuts every answer at max-rows with a 200, whatever limit or Range asked', async () => {
      server.faults.setMaxRows(2);
      const all = await rest('positions?select=id&order=id');
      expect(all.status).toBe(200);
      expect(all.json).toEqual([{ id: 1 }, { id: 2 }]);
      expect(all.headers.get('content-range')).toBe('0-1/*');
      const limited = await rest('positions?select=id&order=id&limit=5&offset=1');
      expect(limited.json).toEqual([{ id: 2 }, { id: 3 }]);
      expect(limited.headers.get('content-range')).toBe('1-2/*');
      const ranged = await supabase.from('positions').select('id').order('id').range(0, 4);
      expect(ranged.data).toEqual([{ id: 1 }, { id: 2 }]);
      const counted = await supabase.from('positions').select('id', { count: 'exact' }).order('id');
      expect(counted.status).toBe(206);
      expect(counted.count).toBe(6);
      expect(counted.data).toHaveLength(2);
    });

    it('setUriLimit refuses a longer URL with 414 URI too long, as plain text', async () => {
      server.faults.setUriLimit(200);
      const long = await rest(`positions?select=id&id=in.(${'1,'.repeat(100)}1)`);
      expect(long.status).toBe(414);
      expect(long.headers.get('content-type')).toBe('text/plain');
      expect(long.text).toBe('URI too long');
      const short = await rest('positions?select=id&id=eq.1');
      expect(short.status).toBe(200);
    });

    it('close() ends hung sockets and the pg pool', async () => {
      const connections = async (): Promise<number> => {
        const { rows } = await db.client.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = $1 AND application_name = 'postgrest-test-server'`,
          [db.name],
        );
        return Number(rows[0].n);
      };
      const before = await connections(); // the shared server's pool
      const own = await startPostgrestServer({
        connectionString: db.connectionString,
        serviceKey: SERVICE_KEY,
      });
      expect(await connections()).toBeGreaterThan(before);
      own.faults.hangNext(1);
      const outcome = fetch(`${own.url}/rest/v1/positions`, {
        headers: { apikey: SERVICE_KEY },
      }).then(
        () => 'answered',
        () => 'failed',
      );
      while (own.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

      await own.close();

      expect(await outcome).toBe('failed');
      await expect(fetch(`${own.url}/rest/v1/positions`)).rejects.toThrow();
      for (let i = 0; i < 50 && (await connections()) > before; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await connections()).toBeLessThanOrEqual(before);
    });
  });
});
