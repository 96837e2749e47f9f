/**
 * Which positions are current, decided where it is decided: the query the
 * real supabase-js client sends (SupabasePositionsRepository), answered by
 * the PostgREST double over the real PostgreSQL with supabase/migrations
 * applied. Current on a day means `start_date <= day` and (`end_date` is null
 * or `end_date >= day`): both bounds count as current.
 */
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '../../../src/common/config/config.module';
import { utcDate } from '../../../src/common/time/utc-date';
import { PositionsModule } from '../../../src/positions/positions.module';
import { PositionsRepository } from '../../../src/positions/positions.repository';
import { PositionsService } from '../../../src/positions/positions.service';
import { createPostgresDatabase, type TestPostgresDatabase } from '../../support/databases';
import { insertPositions } from '../../support/positions-fixtures';
import {
  startPostgrestServer,
  type PostgrestServer,
} from '../../support/postgrest/postgrest-server';

const SERVICE_KEY = 'service-role-key-for-positions-tests';
const MEMBER = '24680';

/** The UTC calendar day `days` after `day` (both `YYYY-MM-DD`). */
function shift(day: string, days: number): string {
  return utcDate(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

describe('SupabasePositionsRepository: current on the day, both bounds included', () => {
  // One day for the whole file, so a run across midnight UTC cannot move it.
  const today = utcDate();
  let postgres: TestPostgresDatabase;
  let postgrest: PostgrestServer;
  let moduleRef: TestingModule;
  let positions: PositionsRepository;

  beforeAll(async () => {
    postgres = await createPostgresDatabase();
    postgrest = await startPostgrestServer({
      connectionString: postgres.connectionString,
      serviceKey: SERVICE_KEY,
    });
    await insertPositions(postgres, [
      {
        membernumber: MEMBER,
        positiontype: 'Ends Today',
        start_date: shift(today, -100),
        end_date: today,
      },
      {
        membernumber: MEMBER,
        positiontype: 'Ended Yesterday',
        start_date: shift(today, -100),
        end_date: shift(today, -1),
      },
      { membernumber: MEMBER, positiontype: 'Starts Today', start_date: today },
      { membernumber: MEMBER, positiontype: 'Starts Tomorrow', start_date: shift(today, 1) },
      {
        membernumber: MEMBER,
        positiontype: 'Starts And Ends Today',
        start_date: today,
        end_date: today,
      },
      // Another member's position, current today: never someone else's.
      { membernumber: '13579', positiontype: 'Not Mine', start_date: shift(today, -5) },
    ]);
    const previous = { ...process.env };
    Object.assign(process.env, {
      SUPABASE_URL: postgrest.url,
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
      SUPABASE_TIMEOUT_MS: '5000',
    });
    try {
      moduleRef = await Test.createTestingModule({
        imports: [ConfigModule, PositionsModule],
      }).compile();
    } finally {
      process.env = previous;
    }
    positions = moduleRef.get(PositionsRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await postgrest?.close();
    await postgres?.drop();
  });

  it('counts a position ending on the day as current, and one that ended the day before as not', async () => {
    const titles = (await positions.findCurrent(MEMBER, today)).map((p) => p.title);
    expect(titles).toContain('Ends Today');
    expect(titles).not.toContain('Ended Yesterday');
  });

  it('counts a position starting on the day as current, and one starting the day after as not', async () => {
    const titles = (await positions.findCurrent(MEMBER, today)).map((p) => p.title);
    expect(titles).toContain('Starts Today');
    expect(titles).not.toContain('Starts Tomorrow');
  });

  it('answers exactly the current rows, newest start first, then by title', async () => {
    await expect(positions.findCurrent(MEMBER, today)).resolves.toEqual([
      { title: 'Starts And Ends Today', startDate: today },
      { title: 'Starts Today', startDate: today },
      { title: 'Ends Today', startDate: shift(today, -100) },
    ]);
  });

  it('moves with the day asked for: tomorrow the positions ending today are over', async () => {
    const titles = (await positions.findCurrent(MEMBER, shift(today, 1))).map((p) => p.title);
    expect(titles.sort()).toEqual(['Starts Today', 'Starts Tomorrow']);
  });

  describe('findCurrentForMembers (member sync)', () => {
    it('answers the current rows of many members, every asked number a key', async () => {
      const found = await positions.findCurrentForMembers([MEMBER, '13579', '99999'], today);
      expect([...found.keys()].sort()).toEqual(['13579', '24680', '99999']);
      expect(found.get('99999')).toEqual([]);
      expect(found.get('13579')).toEqual([{ title: 'Not Mine', startDate: shift(today, -5) }]);
      expect(
        found
          .get(MEMBER)
          ?.map((p) => p.title)
          .sort(),
      ).toEqual(['Ends Today', 'Starts And Ends Today', 'Starts Today']);
    });

    it('reads pages of rows, a request per page and never one per member', async () => {
      const many = Array.from({ length: 1_150 }, (_, i) => ({
        membernumber: String(500_000 + (i % 230)),
        positiontype: `Title ${i}`,
        start_date: shift(today, -1),
      }));
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select unnest($1::text[]), unnest($2::text[]), $3::date`,
        [many.map((r) => r.membernumber), many.map((r) => r.positiontype), shift(today, -1)],
      );
      const numbers = Array.from({ length: 230 }, (_, i) => String(500_000 + i));
      const before = postgrest.requests.length;
      const found = await positions.findCurrentForMembers(numbers, today);
      const requests = postgrest.requests.length - before;
      expect([...found.values()].reduce((sum, rows) => sum + rows.length, 0)).toBe(1_150);
      expect(found.get('500000')).toHaveLength(5);
      // 230 six-digit numbers fit one request's `in.(…)` list; 1,150 rows are two pages of 1,000.
      expect(requests).toBe(2);
      const titles = await moduleRef
        .get(PositionsService)
        .currentTitlesOf(['500001'], new Date(`${today}T12:00:00Z`));
      // Same start date: alphabetical (docs/reference.md, "Data the service reads").
      expect(titles.get('500001')).toEqual([
        'Title 1',
        'Title 231',
        'Title 461',
        'Title 691',
        'Title 921',
      ]);
    });

    it('follows a member with more rows than one page holds', async () => {
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select '777000', 'Role ' || n, $1::date from generate_series(1, 2100) as n`,
        [shift(today, -3)],
      );
      const before = postgrest.requests.length;
      const found = await positions.findCurrentForMembers(['777000'], today);
      expect(found.get('777000')).toHaveLength(2_100);
      expect(new Set(found.get('777000')?.map((p) => p.title)).size).toBe(2_100);
      expect(postgrest.requests.length - before).toBe(3);
    });

    it("reads a member's few current positions in one request: no count, no second page", async () => {
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select '777001', 'Role ' || n, $1::date from generate_series(1, 19) as n`,
        [shift(today, -3)],
      );
      const before = postgrest.requests.length;
      const titles = await positions.findCurrent('777001', today);
      expect(titles).toHaveLength(19);
      const sent = postgrest.requests.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0].prefer ?? '').not.toContain('count=');
    });
  });

  describe('the limits of a Supabase project', () => {
    afterEach(() => postgrest.faults.reset());

    it('reads past a max-rows lower than its pages: every row of many members, and of one', async () => {
      const numbers = Array.from({ length: 230 }, (_, i) => String(600_000 + i));
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select m, 'Title ' || n, $2::date from unnest($1::text[]) as m, generate_series(1, 5) as n`,
        [numbers, shift(today, -1)],
      );
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select '778000', 'Role ' || n, $1::date from generate_series(1, 2100) as n`,
        [shift(today, -3)],
      );
      // Lower than the 1,000 rows the repository asks per page: a project may set it so.
      postgrest.faults.setMaxRows(300);
      const found = await positions.findCurrentForMembers(numbers, today);
      expect([...found.values()].reduce((sum, rows) => sum + rows.length, 0)).toBe(1_150);
      expect(numbers.every((n) => found.get(n)?.length === 5)).toBe(true);
      const one = await positions.findCurrent('778000', today);
      expect(new Set(one.map((p) => p.title)).size).toBe(2_100);
      // Still ordered as the port promises: newest start first, then by title.
      expect(one.slice(0, 3).map((p) => p.title)).toEqual(['Role 1', 'Role 10', 'Role 100']);
    });

    it('keeps every URL under the gateway limit for a long member list (414 otherwise)', async () => {
      postgrest.faults.setUriLimit(8 * 1024);
      // 2,000 sixteen-character member numbers, the longest the member table holds.
      const numbers = Array.from({ length: 2_000 }, (_, i) => `88${String(i).padStart(14, '0')}`);
      await postgres.client.query(
        `insert into public.positions (membernumber, positiontype, start_date)
         select unnest($1::text[]), 'Delegate', $2::date`,
        [numbers, shift(today, -2)],
      );
      const before = postgrest.requests.length;
      const found = await positions.findCurrentForMembers(numbers, today);
      expect(numbers.every((n) => found.get(n)?.length === 1)).toBe(true);
      expect(postgrest.requests.length - before).toBeGreaterThan(1);
    });

    it('waits out a 503 whose Retry-After fits the deadline, and not one that does not', async () => {
      postgrest.faults.reloadSchemaCache({ requests: 1, retryAfterSeconds: 1 });
      const started = Date.now();
      const titles = (await positions.findCurrent(MEMBER, today)).map((p) => p.title);
      expect(titles).toContain('Starts Today');
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);

      postgrest.faults.reloadSchemaCache({ requests: 1, retryAfterSeconds: 2 });
      const hurried = Date.now();
      await expect(positions.findCurrent(MEMBER, today, Date.now() + 1_500)).rejects.toThrow(
        'PGRST002',
      );
      expect(Date.now() - hurried).toBeLessThan(1_000);
    });
  });

  it('asks for the UTC calendar day of the moment given', async () => {
    const service = moduleRef.get(PositionsService);
    const current = ['Starts And Ends Today', 'Starts Today', 'Ends Today'];
    await expect(
      service.currentTitles(MEMBER, new Date(`${today}T00:00:00.000Z`)),
    ).resolves.toEqual(current);
    await expect(
      service.currentTitles(MEMBER, new Date(`${today}T23:59:59.999Z`)),
    ).resolves.toEqual(current);
    // The last moment of the day before: yesterday's positions, not today's.
    await expect(
      service.currentTitles(MEMBER, new Date(`${shift(today, -1)}T23:59:59.999Z`)),
    ).resolves.toEqual(['Ended Yesterday', 'Ends Today']);
  });
});
