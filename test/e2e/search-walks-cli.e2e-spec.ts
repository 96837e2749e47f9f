/**
 * docs/reference.md, "Walks over Intercom's search", as an operator meets it: `refresh --all`
 * and `backfill` (the CLI as a child process) against real MariaDB and PostgreSQL and an
 * Intercom double whose search misbehaves (FIELD-NOTES, "Paging is stateless"): a page
 * returned twice, ids repeated on two pages, a cursor that keeps repeating. Each run leaves
 * every contact right with one write each, or exits 1 saying it is incomplete. The full
 * reconciliation's other faults, on the real app: search-walks.e2e-spec.ts.
 */
import { buildCli, runCli, type CliBuild } from '../support/cli-process';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from '../support/databases';
import {
  startIntercomDouble,
  type IntercomDouble,
  type RecordedRequest,
} from '../support/intercom-double/intercom-double';
import { seedGeography } from '../support/member-fixtures';
import {
  insertActiveMembers,
  insertStaleContacts,
  LONG_AGO_SECONDS,
} from '../support/member-sync-stack';
import { mysqlEnv } from '../support/mysql-env';
import { startPostgrestServer, type PostgrestServer } from '../support/postgrest/postgrest-server';
import { TEST_INTERCOM_TOKEN, TEST_SERVICE_ROLE_KEY } from '../support/test-app';

jest.setTimeout(120_000);

const LONG_AGO = LONG_AGO_SECONDS;

describe('walks over a misbehaving Intercom search (CLI)', () => {
  let mysql: TestMysqlDatabase;
  let postgres: TestPostgresDatabase;
  let postgrest: PostgrestServer;
  let cli: CliBuild;
  let intercom: IntercomDouble;
  /** Member numbers of each test are their own: the first is 10 000 apart from the last's. */
  let nextMember = 100_000;

  const env = (): Record<string, string> => ({
    NODE_ENV: 'test',
    ...mysqlEnv(mysql.name),
    SUPABASE_URL: postgrest.url,
    SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
    INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
    INTERCOM_API_BASE_URL: intercom.url,
    INTERCOM_RATE_LIMIT: '10000',
    MEMBER_SYNC_CONCURRENCY: '8',
  });
  const isPut = (r: RecordedRequest) => r.method === 'PUT' && r.path.startsWith('/contacts/');
  const putsOf = (id: string) =>
    intercom.requests.filter((r) => isPut(r) && r.path === `/contacts/${id}`).length;

  const staleContacts = (count: number) => {
    nextMember += 10_000;
    return insertStaleContacts(mysql, intercom, nextMember - 10_000, count);
  };

  beforeAll(async () => {
    [cli, mysql, postgres] = await Promise.all([
      buildCli(),
      createMysqlDatabase(),
      createPostgresDatabase(),
    ]);
    postgrest = await startPostgrestServer({
      connectionString: postgres.connectionString,
      serviceKey: TEST_SERVICE_ROLE_KEY,
    });
    await seedGeography(mysql);
  });

  beforeEach(async () => {
    intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
  });

  afterEach(async () => {
    expect(intercom.validationErrors).toEqual([]);
    await intercom.close();
  });

  afterAll(async () => {
    await postgrest?.close();
    await mysql?.drop();
    await postgres?.drop();
    await cli?.remove();
  });

  it('refresh --all exits 1 saying it is incomplete when the cursor keeps repeating past the bound', async () => {
    const memberOf = await staleContacts(200);
    intercom.searchFaults.repeatPage(1_000);

    const result = await runCli(cli, ['refresh', '--all'], env());

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Full reconciliation INCOMPLETE');
    expect(result.stdout).not.toContain('Full reconciliation complete');
    // What it saw (the first page) was written, once each.
    const written = [...memberOf.keys()].filter((id) => putsOf(id) > 0);
    expect(written).toHaveLength(150);
    expect(written.every((id) => putsOf(id) === 1)).toBe(true);
  });

  describe('backfill', () => {
    /** `count` members and, for each, a contact with its email and no member number yet. */
    const newContacts = async (count: number): Promise<string[]> => {
      const numbers = await insertActiveMembers(mysql, nextMember, count);
      nextMember += 10_000;
      return numbers.map(
        (number, i) =>
          intercom.store.addContact({
            email: `m${number}@example.com`,
            created_at: LONG_AGO + i,
            updated_at: LONG_AGO + i,
          }).id,
      );
    };
    const enrichedOnce = (ids: readonly string[]) =>
      ids.filter(
        (id) => putsOf(id) === 1 && intercom.store.getContact(id)?.custom_attributes.member_number,
      ).length;

    it('asks a page returned twice again and enriches every contact once', async () => {
      const ids = await newContacts(120);
      intercom.searchFaults.repeatPage(1);
      intercom.searchFaults.repeatIds(10);

      const result = await runCli(cli, ['backfill'], env());

      expect(result.stdout).toContain('Backfill complete.');
      expect(result.code).toBe(0);
      expect(enrichedOnce(ids)).toBe(ids.length);
    });

    it('exits 1 saying it is incomplete when the cursor keeps repeating, and goes on next time', async () => {
      // A first page of people the member database does not know: they stay in the search.
      const strangers = Array.from(
        { length: 50 },
        (_, i) =>
          intercom.store.addContact({
            email: `stranger${nextMember + i}@example.com`,
            created_at: LONG_AGO - 100 + i,
            updated_at: LONG_AGO - 100 + i,
          }).id,
      );
      const ids = await newContacts(70);
      intercom.searchFaults.repeatPage(1_000);

      const result = await runCli(cli, ['backfill'], env());

      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Backfill INCOMPLETE');
      expect(result.stdout).not.toContain('Backfill complete');
      expect(result.stderr).toContain('Backfill incomplete');
      expect(enrichedOnce(ids)).toBe(0);

      intercom.searchFaults.reset();
      const again = await runCli(cli, ['backfill'], env());
      expect(again.stdout).toContain('Backfill complete.');
      // It went on from where the incomplete one stood: the strangers were not looked at again.
      expect(again.stdout).toMatch(/not a member\s+0\n/);
      expect(again.code).toBe(0);
      expect(enrichedOnce(ids)).toBe(ids.length);
      expect(strangers.every((id) => putsOf(id) === 0)).toBe(true);
    });
  });
});
