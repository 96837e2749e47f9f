import { DataSource } from 'typeorm';
import { MemberRepository } from '../../../src/members/member.repository';
import { MembersModule } from '../../../src/members/members.module';
import { DATABASE_ENGINES, type EngineDatabase } from '../../support/database-engines';
import { insertMember, seedGeography } from '../../support/member-fixtures';

// The same cases on MariaDB and on the sandbox's SQLite: both must answer as CONTRACT section 3 says.
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

  it('answers a ping', async () => {
    await expect(members.ping()).resolves.toBeUndefined();
  });
});
