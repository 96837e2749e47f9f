import { DataSource } from 'typeorm';
import { MemberRepository } from '../../../src/members/member.repository';
import { MembersModule } from '../../../src/members/members.module';
import { DATABASE_ENGINES, type EngineDatabase } from '../../support/database-engines';
import { insertMember, seedGeography } from '../../support/member-fixtures';

// The same cases on MariaDB and on the sandbox's SQLite: both must answer as docs/reference.md, "Data the service reads" says.
describe.each(DATABASE_ENGINES)('MemberRepository ($name)', (engine) => {
  let db: EngineDatabase;
  let members: MemberRepository;

  beforeAll(async () => {
    db = await engine.open({ imports: [MembersModule], memberTables: true });
    await seedGeography(db);
    members = db.moduleRef.get(MemberRepository);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM members');
  });

  describe('findByEmail', () => {
    it('returns the member with region and facility codes', async () => {
      await insertMember(db, {
        membernumber: '12345',
        firstname: 'John',
        lastname: 'Doe',
        email: 'john.doe@example.com',
        phone: '(765) 465-7031',
        facility_id: 1,
      });
      await expect(members.findByEmail('john.doe@example.com')).resolves.toEqual({
        memberNumber: '12345',
        firstName: 'John',
        lastName: 'Doe',
        email: 'john.doe@example.com',
        phone: '(765) 465-7031',
        status: 'Active',
        memberTypeId: 6,
        region: 'GL',
        facility: 'ZAU',
      });
    });

    it('ignores letter case and surrounding whitespace on both sides', async () => {
      await insertMember(db, { membernumber: '1', email: '  John.Doe@Example.COM ' });
      const found = await members.findByEmail('  JOHN.doe@example.com\t');
      expect(found?.memberNumber).toBe('1');
      expect(found?.email).toBe('John.Doe@Example.COM');
    });

    it('does not treat an accent as letter case', async () => {
      await insertMember(db, { membernumber: '1', email: 'user@example.com' });
      await insertMember(db, { membernumber: '2', email: 'user@exämple.com' });
      await expect(members.findByEmail('user@exämple.com')).resolves.toMatchObject({
        memberNumber: '2',
      });
      await expect(members.findByEmail('USER@EXÄMPLE.COM')).resolves.toMatchObject({
        memberNumber: '2',
      });
      await db.query('DELETE FROM members WHERE membernumber = ?', ['2']);
      await expect(members.findByEmail('user@exämple.com')).resolves.toBeNull();
    });

    it('prefers Active over Retired, even when the Retired row is newer', async () => {
      await insertMember(db, {
        membernumber: '1',
        email: 'a@x.org',
        status: 'Retired',
        updated_at: '2025-01-01 00:00:00',
      });
      await insertMember(db, {
        membernumber: '2',
        email: 'a@x.org',
        status: 'Active',
        updated_at: '2020-01-01 00:00:00',
      });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({ memberNumber: '2' });
    });

    it('then prefers the latest updated_at', async () => {
      await insertMember(db, {
        membernumber: '1',
        email: 'a@x.org',
        updated_at: '2020-01-01 00:00:00',
      });
      await insertMember(db, {
        membernumber: '2',
        email: 'a@x.org',
        updated_at: '2024-06-01 12:00:00',
      });
      await insertMember(db, {
        membernumber: '3',
        email: 'a@x.org',
        updated_at: '2022-01-01 00:00:00',
      });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({ memberNumber: '2' });
    });

    it('then the lowest member number in numeric order', async () => {
      const same = '2024-01-01 00:00:00';
      await insertMember(db, { membernumber: '100', email: 'a@x.org', updated_at: same });
      await insertMember(db, { membernumber: '20', email: 'a@x.org', updated_at: same });
      await insertMember(db, { membernumber: '9', email: 'a@x.org', updated_at: same });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({ memberNumber: '9' });
    });

    it.each(['Inactive', 'Suspended', 'Deceased'])('never returns a %s member', async (status) => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org', status });
      await expect(members.findByEmail('a@x.org')).resolves.toBeNull();
    });

    it('returns null for an unknown address', async () => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org' });
      await expect(members.findByEmail('b@x.org')).resolves.toBeNull();
    });

    it('treats SQL and wildcards in the address as data', async () => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org' });
      await expect(members.findByEmail("' OR '1'='1")).resolves.toBeNull();
      await expect(members.findByEmail('%@x.org')).resolves.toBeNull();
      await expect(members.findByEmail('_@x.org')).resolves.toBeNull();
      await expect(db.query<unknown[]>('SELECT * FROM members')).resolves.toHaveLength(1);
    });
  });

  describe('region and facility', () => {
    it("uses the member's own region over the facility's", async () => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org', facility_id: 1, region_id: 2 });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({
        region: 'NEA',
        facility: 'ZAU',
      });
    });

    it("falls back to the facility's region", async () => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org', facility_id: 2 });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({
        region: 'NEA',
        facility: 'BOS',
      });
    });

    it('is null when neither is known', async () => {
      await insertMember(db, { membernumber: '1', email: 'a@x.org', facility_id: 3 });
      await insertMember(db, { membernumber: '2', email: 'b@x.org' });
      await expect(members.findByEmail('a@x.org')).resolves.toMatchObject({
        region: null,
        facility: 'XYZ',
      });
      await expect(members.findByEmail('b@x.org')).resolves.toMatchObject({
        region: null,
        facility: null,
      });
    });
  });

  describe('findByNumber', () => {
    it('matches the trimmed number exactly', async () => {
      await insertMember(db, { membernumber: '12345', email: 'a@x.org', status: 'Retired' });
      await expect(members.findByNumber(' 12345 ')).resolves.toMatchObject({
        memberNumber: '12345',
        status: 'Retired',
      });
      await expect(members.findByNumber('1234')).resolves.toBeNull();
      await expect(members.findByNumber('012345')).resolves.toBeNull();
    });

    it('ignores members who are neither Active nor Retired', async () => {
      await insertMember(db, { membernumber: '5', status: 'Inactive' });
      await expect(members.findByNumber('5')).resolves.toBeNull();
    });
  });

  describe('text that is not well-formed Unicode', () => {
    it('answers no member, without a query, for a lone surrogate in an email or a number', async () => {
      // What the driver would make of the lone surrogate (U+FFFD): a query would match these.
      await insertMember(db, { membernumber: '\uFFFD1', email: '\uFFFD@example.com' });
      await insertMember(db, { membernumber: '\uFFFD', email: 'a\uFFFD@example.com' });
      const query = jest.spyOn(db.moduleRef.get(DataSource), 'query');
      try {
        await expect(members.findByEmail('\uD800@example.com')).resolves.toBeNull();
        await expect(members.findByEmail(' a\uDC00@example.com ')).resolves.toBeNull();
        await expect(members.findByNumber('\uD8001')).resolves.toBeNull();
        await expect(members.findByNumber('\uDFFF')).resolves.toBeNull();
        expect(query).not.toHaveBeenCalled();
      } finally {
        query.mockRestore();
      }
      // Well-formed text, surrogate pairs included, is still looked up.
      await expect(members.findByEmail('\uFFFD@example.com')).resolves.toMatchObject({
        memberNumber: '\uFFFD1',
      });
      await expect(members.findByEmail('\uD83D\uDE00@example.com')).resolves.toBeNull();
    });
  });

  describe('findByNumbers (member sync)', () => {
    it('returns members of any status, absent numbers left out, in one batch', async () => {
      await insertMember(db, { membernumber: '1', status: 'Active', facility_id: 1 });
      await insertMember(db, { membernumber: '2', status: 'Inactive', facility_id: 2 });
      await insertMember(db, { membernumber: '3', status: 'Deceased' });
      await insertMember(db, { membernumber: '4', status: 'Retired' });
      const found = await members.findByNumbers(['2', '1', '3', '99', '2']);
      expect(found.map((m) => [m.memberNumber, m.status]).sort()).toEqual([
        ['1', 'Active'],
        ['2', 'Inactive'],
        ['3', 'Deceased'],
      ]);
      expect(found.find((m) => m.memberNumber === '2')).toMatchObject({
        region: 'NEA',
        facility: 'BOS',
      });
    });

    it('splits long lists and answers an empty list without a query', async () => {
      for (let i = 1; i <= 620; i++) await insertMember(db, { membernumber: String(i) });
      const numbers = Array.from({ length: 700 }, (_, i) => String(i + 1));
      const found = await members.findByNumbers(numbers);
      expect(found).toHaveLength(620);
      expect(new Set(found.map((m) => m.memberNumber)).size).toBe(620);
      // The query builder runs its statement on a query runner of its own.
      const runner = jest.spyOn(db.moduleRef.get(DataSource), 'createQueryRunner');
      try {
        await expect(members.findByNumbers([])).resolves.toEqual([]);
        await expect(members.findByNumbers(['\uD800'])).resolves.toEqual([]);
        expect(runner).not.toHaveBeenCalled();
        await members.findByNumbers(['1']);
        expect(runner).toHaveBeenCalled();
      } finally {
        runner.mockRestore();
      }
    });
  });

  describe('changedSince and latestUpdate (member sync)', () => {
    it('answers null for an empty table, else the latest updated_at as UTC', async () => {
      await expect(members.latestUpdate()).resolves.toBeNull();
      await insertMember(db, { membernumber: '1', updated_at: '2025-03-01 10:00:00' });
      await insertMember(db, { membernumber: '2', updated_at: '2025-03-02 08:30:05' });
      await expect(members.latestUpdate()).resolves.toEqual(new Date('2025-03-02T08:30:05Z'));
    });

    it('walks (updated_at, membernumber) in keyset pages, every status, none twice or skipped', async () => {
      await insertMember(db, { membernumber: '30', updated_at: '2025-03-01 10:00:00' });
      await insertMember(db, { membernumber: '10', updated_at: '2025-03-01 10:00:00' });
      await insertMember(db, {
        membernumber: '20',
        updated_at: '2025-03-01 10:00:00',
        status: 'Inactive',
      });
      await insertMember(db, { membernumber: '5', updated_at: '2025-03-01 11:00:00' });
      await insertMember(db, { membernumber: '1', updated_at: '2025-02-28 23:59:59' });

      const start = { updatedAt: new Date('2025-03-01T10:00:00Z'), memberNumber: '' };
      const first = await members.changedSince(start, 2);
      expect(first.map((c) => c.member.memberNumber)).toEqual(['10', '20']);
      expect(first[1].member.status).toBe('Inactive');
      expect(first[1].key).toEqual({
        updatedAt: new Date('2025-03-01T10:00:00Z'),
        memberNumber: '20',
      });
      const second = await members.changedSince(first[1].key, 2);
      expect(second.map((c) => c.member.memberNumber)).toEqual(['30', '5']);
      expect(second[1].key.updatedAt).toEqual(new Date('2025-03-01T11:00:00Z'));
      await expect(members.changedSince(second[1].key, 2)).resolves.toEqual([]);
    });
  });

  it('answers a ping', async () => {
    await expect(members.ping()).resolves.toBeUndefined();
  });
});
