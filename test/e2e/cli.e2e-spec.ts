/**
 * The operator CLI (docs/reference.md, "Operator commands") as a child process against real
 * MariaDB and PostgreSQL (behind the PostgREST double) and the Intercom
 * double running in this process, with a small rate limit.
 *
 * The backfill tests share one Intercom workspace and run in order: the
 * dry run sees the seeded contacts untouched, the real run enriches them,
 * and the resume test adds contacts of its own.
 */
import { DataSource } from 'typeorm';
import { MEMBER_CONTACT_ATTRIBUTES } from '../../src/intercom/enrichment/member-contact-attributes';
import { SERVICE_MIGRATIONS } from '../../src/service-migrations';
import { buildCli, runCli, startCli, type CliBuild } from '../support/cli-process';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  MYSQL,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from '../support/databases';
import {
  startIntercomDouble,
  type IntercomDouble,
  type StoredContact,
} from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { mysqlEnv } from '../support/mysql-env';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { startPostgrestServer, type PostgrestServer } from '../support/postgrest/postgrest-server';
import { freePort } from '../support/service-process';
import { TEST_INTERCOM_TOKEN, TEST_SERVICE_ROLE_KEY } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(120_000);

/** Intercom's budget in the double and the CLI's own limiter, alike. */
const LIMIT = 40;
const WINDOW_MS = 1_000;
const DAY_SECONDS = 86_400;

interface RunRow {
  id: number;
  query_key: string;
  next_cursor: string | null;
  status: string;
  pages: number;
  not_member: number;
}

describe('operator CLI (child process)', () => {
  let mysql: TestMysqlDatabase;
  let postgres: TestPostgresDatabase;
  let postgrest: PostgrestServer;
  let intercom: IntercomDouble;
  let cli: CliBuild;

  const env = (): Record<string, string> => ({
    NODE_ENV: 'test',
    ...mysqlEnv(mysql.name),
    SUPABASE_URL: postgrest.url,
    SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
    INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
    INTERCOM_API_BASE_URL: intercom.url,
    INTERCOM_RATE_LIMIT: String(LIMIT),
    INTERCOM_RATE_WINDOW_MS: String(WINDOW_MS),
    INBOX_POLL_INTERVAL_MS: '100',
    INBOX_RETRY_BASE_MS: '50',
    // A refused token pauses the command until a probe succeeds: a second, not a minute.
    INTERCOM_AUTH_PROBE_INTERVAL_MS: '1000',
  });
  let lastExit = 0;
  const track = <T>(result: Promise<T>): Promise<T> =>
    result.finally(() => (lastExit = Date.now()));
  const run = (...args: string[]) => track(runCli(cli, args, env()));
  /**
   * Each process has a budget of its own, but Intercom's current window still
   * counts the calls of the process that just ended: a backfill, which uses its
   * whole budget at once, starts in the next window (as an operator would).
   */
  const quietWindow = () =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, lastExit + WINDOW_MS - Date.now())));
  const backfill = async (...args: string[]) => {
    await quietWindow();
    return run('backfill', ...args);
  };

  const puts = (contactId?: string) =>
    intercom.requests.filter(
      (r) =>
        r.method === 'PUT' &&
        r.path.startsWith('/contacts/') &&
        (contactId === undefined || r.path === `/contacts/${contactId}`),
    );
  const writes = () =>
    intercom.requests.filter((r) => r.method !== 'GET' && r.path !== '/contacts/search');
  const searches = () => intercom.requests.filter((r) => r.path === '/contacts/search');
  const runs = () =>
    mysql.query<RunRow[]>(
      'SELECT id, query_key, next_cursor, status, pages, not_member FROM intercom_backfill_runs ORDER BY id',
    );

  /** Members in one statement: the backfill needs hundreds. */
  const insertMembers = async (rows: Array<{ number: string; email: string }>) => {
    const values = rows.map(() => `(?, 'Back', 'Fill', ?, 'Active', 6, 1, '2024-01-01')`).join(',');
    await mysql.query(
      `INSERT INTO members (membernumber, firstname, lastname, email, status, membertypeid, facility_id, updated_at) VALUES ${values}`,
      rows.flatMap((row) => [row.number, row.email]),
    );
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
    intercom = await startIntercomDouble({
      token: TEST_INTERCOM_TOKEN,
      rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
    });
    // The service's tables, as any start of the service or the CLI would create them.
    const dataSource = new DataSource({
      type: 'mysql',
      ...MYSQL,
      username: MYSQL.user,
      database: mysql.name,
      migrations: SERVICE_MIGRATIONS,
      migrationsTableName: 'service_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
    await seedGeography(mysql);
  });

  afterAll(async () => {
    await intercom?.close();
    await postgrest?.close();
    await mysql?.drop();
    await postgres?.drop();
    await cli?.remove();
  });

  afterEach(() => {
    intercom.faults.reset();
    expect(intercom.validationErrors).toEqual([]);
  });

  describe('usage', () => {
    it.each([
      [[]],
      [['frobnicate']],
      [['sync']],
      [['sync', '--member', '1', '--email', 'a@example.com']],
      [['sync', '--email', 'not-an-address']],
      [['backfill', '--since', 'last week']],
      [['backfill', '--limit', '0']],
      [['replay']],
      [['replay', '7', '--failed']],
      [['replay', '0']],
      [['setup', 'facility']],
      [['setup', '--force']],
    ])('exits 2 with a one-line reason and no stack trace for %j', async (args) => {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/error|Usage/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    });

    it('answers --help on every command with exit 0', async () => {
      const results = await Promise.all(
        [[], ['sync'], ['backfill'], ['replay'], ['setup']].map((command) =>
          run(...command, '--help'),
        ),
      );
      for (const result of results) {
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('Usage: natca-intercom');
      }
      expect(results[2].stdout).toMatch(/--since <duration>[\s\S]*--dry-run[\s\S]*--limit <n>/);
      expect(results[0].stdout).toMatch(/^\s+setup \[options\]/m);
      expect(results[4].stdout).toContain('--dry-run');
    });
  });

  describe('without MySQL', () => {
    const PASSWORD = 'cli-Pw-52be0d9a';
    const HINT_NAMES = [
      'MYSQL_HOST',
      'MYSQL_PORT',
      'MYSQL_USER',
      'MYSQL_PASS',
      'MYSQL_DB',
      '.env',
      'test/sql/members-schema.sql',
    ];

    it('exits 1 at once with one line: host and port, the MYSQL_* variables, .env, the schema file', async () => {
      const nobody = await freePort();
      const started = Date.now();
      const result = await track(
        runCli(cli, ['sync', '--member', '9001'], {
          ...env(),
          MYSQL_PORT: String(nobody),
          MYSQL_PASS: PASSWORD,
          // The service's start-up wait does not apply to the CLI: it tries once.
          MYSQL_STARTUP_WAIT_MS: '600000',
        }),
      );

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(
            `^error: MySQL at 127\\.0\\.0\\.1:${nobody} is not reachable \\(ECONNREFUSED\\)\\. `,
          ),
        ),
      ]);
      for (const name of HINT_NAMES) expect(lines[0]).toContain(name);
      expect(result.stderr).not.toContain('undefined');
      expect(result.stderr).not.toContain(PASSWORD);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      // One attempt, not ten minutes of retries (the bound covers loading the modules on a busy machine).
      expect(Date.now() - started).toBeLessThan(60_000);
    });

    it('a database without the member tables: exit 1, one error line with the same hint', async () => {
      const bare = await createMysqlDatabase({ schema: false });
      try {
        const result = await track(
          runCli(cli, ['sync', '--member', '9001'], { ...env(), ...mysqlEnv(bare.name) }),
        );

        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`Table '${bare.name}.members' doesn't exist`);
        for (const name of HINT_NAMES) expect(errors[0]).toContain(name);
        expect(result.stderr).not.toContain('--verbose');
      } finally {
        await bare.drop();
      }
    });

    it('sync --member abc is bad usage (exit 2), refused before any connection', async () => {
      const nobody = await freePort();
      const result = await run('sync', '--member', 'abc');
      const elsewhere = await track(
        runCli(cli, ['sync', '--member', 'abc'], { ...env(), MYSQL_PORT: String(nobody) }),
      );

      for (const outcome of [result, elsewhere]) {
        expect(outcome.code).toBe(2);
        expect(outcome.stdout).toBe('');
        expect(outcome.stderr).toContain('must be a member number: 1 to 16 digits.');
        // Nothing was tried: no word about MySQL, the database or a connection.
        expect(outcome.stderr).not.toMatch(/mysql|database|ECONNREFUSED|connect/i);
      }
    });
  });

  describe('sync', () => {
    beforeAll(async () => {
      await insertMember(mysql, {
        membernumber: '9001',
        firstname: 'Sam',
        lastname: 'Sync',
        email: 'sam.sync@example.com',
        phone: '(765) 465-7031',
        facility_id: 2,
      });
      await insertMember(mysql, {
        membernumber: '9002',
        email: 'Second.Sync@example.com',
        status: 'Retired',
      });
      await insertPositions(postgres, [
        { membernumber: '9001', positiontype: 'Facility President', start_date: daysFromToday(-9) },
      ]);
    });

    it('--member brings every contact with the member email up to date and prints what changed', async () => {
      const stale = intercom.store.addContact({
        role: 'user',
        email: 'sam.sync@example.com',
        custom_attributes: { member_number: '9001', facility: 'ZAU', region: 'GL' },
      });
      const current = intercom.store.addContact({
        role: 'lead',
        email: 'SAM.SYNC@example.com',
        phone: '+17654657031',
        custom_attributes: {
          member_number: '9001',
          member_type: 'Current Member',
          region: 'NEA',
          facility: 'BOS',
          positions: 'Facility President',
        },
      });
      // Someone else (already enriched, so the backfill tests below do not see them either).
      const stranger = intercom.store.addContact({
        role: 'user',
        email: 'sam@example.com',
        custom_attributes: { member_number: '1' },
      });

      const result = await run('sync', '--member', '9001');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Member 9001: Sam Sync <sam.sync@example.com>');
      expect(result.stdout).toContain(`Contact ${stale.id} (user): updated`);
      expect(result.stdout).toMatch(/facility\s+"ZAU" → "BOS"/);
      expect(result.stdout).toMatch(/positions\s+\(none\) → "Facility President"/);
      expect(result.stdout).toContain(`Contact ${current.id} (lead): already up to date`);
      expect(puts(stale.id)).toHaveLength(1);
      expect(puts(stale.id)[0].body).toEqual({
        custom_attributes: {
          member_number: '9001',
          member_type: 'Current Member',
          region: 'NEA',
          facility: 'BOS',
          positions: 'Facility President',
        },
        phone: '+17654657031',
      });
      expect(puts(current.id)).toHaveLength(0);
      expect(puts(stranger.id)).toHaveLength(0);
    });

    it('--dry-run without a token prints the member and what would be written, and calls nothing', async () => {
      const since = intercom.requests.length;
      const withoutToken = env();
      delete withoutToken.INTERCOM_ACCESS_TOKEN;

      const result = await track(
        runCli(cli, ['sync', '--member', '9001', '--dry-run'], withoutToken),
      );

      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')).toEqual(
        expect.arrayContaining([
          expect.stringContaining('[Intercom dry run: INTERCOM_ACCESS_TOKEN is not set;'),
          'Member 9001: Sam Sync <sam.sync@example.com>',
          expect.stringContaining(
            'Would search Intercom for the contacts with the email sam.sync@example.com',
          ),
          expect.stringMatching(/^ {2}member_number +"9001"$/),
          expect.stringMatching(/^ {2}positions +"Facility President"$/),
          expect.stringMatching(/^ {2}phone +"\+17654657031"$/),
        ]),
      );
      expect(intercom.requests.slice(since)).toHaveLength(0);
    });

    it('--email finds the member by email, whatever its letter case', async () => {
      const contact = intercom.store.addContact({ role: 'user', email: 'second.sync@example.com' });
      const result = await run('sync', '--email', 'SECOND.sync@example.com');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Contact ${contact.id} (user): updated`);
      expect(intercom.store.getContact(contact.id)?.custom_attributes).toMatchObject({
        member_number: '9002',
        member_type: 'Retired Member',
        region: 'RNAV',
      });
    });

    it('exits 1 with a plain message for an unknown member', async () => {
      const result = await run('sync', '--member', '404404');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No Active or Retired member has the number 404404');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });
  });

  describe('backfill', () => {
    const recent: StoredContact[] = [];
    const old: StoredContact[] = [];
    const strangers: StoredContact[] = [];

    beforeAll(async () => {
      const members = Array.from({ length: 240 }, (_, i) => ({
        number: String(20_000 + i),
        email: `backfill${i}@example.com`,
      }));
      await insertMembers(members);
      const monthAgo = Math.floor(Date.now() / 1000) - 30 * DAY_SECONDS;
      members.forEach((member, i) => {
        // Every sixth contact is someone the member database does not know.
        if (i % 6 === 0) {
          strangers.push(
            intercom.store.addContact({ role: 'lead', email: `stranger${i}@example.com` }),
          );
        }
        if (i < 40) {
          old.push(
            intercom.store.addContact({
              email: member.email,
              created_at: monthAgo,
              updated_at: monthAgo,
            }),
          );
        } else {
          recent.push(intercom.store.addContact({ email: member.email }));
        }
      });
      // Outside the search: already enriched, or no email to look up.
      for (let i = 0; i < 15; i++) {
        intercom.store.addContact({
          email: `done${i}@example.com`,
          custom_attributes: { member_number: String(i) },
        });
        intercom.store.addContact({ role: 'lead' });
      }
    });

    it('--dry-run --since 7d looks at recent contacts only and writes nothing anywhere', async () => {
      const writesBefore = writes().length;
      const result = await backfill('--dry-run', '--since', '7d');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('[dry run, nothing written] Backfill complete.');
      expect(result.stdout).toMatch(/would enrich\s+200\n/);
      expect(result.stdout).toMatch(/not a member\s+40\n/);
      expect(result.stdout).toMatch(/failed\s+0\n/);
      expect(writes()).toHaveLength(writesBefore);
      expect(await runs()).toEqual([]);
    });

    it('enriches every eligible contact within the rate limit, with zero 429', async () => {
      const result = await backfill();

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Backfill complete.');
      expect(result.stdout).toMatch(/enriched\s+240\n/);
      expect(result.stdout).toMatch(/not a member\s+40\n/);
      expect(result.stdout).toMatch(/skipped\s+0\n/);
      for (const contact of [...recent, ...old]) {
        expect(puts(contact.id)).toHaveLength(1);
        expect(intercom.store.getContact(contact.id)?.custom_attributes.member_number).toMatch(
          /^2\d{4}$/,
        );
      }
      for (const contact of strangers) expect(puts(contact.id)).toHaveLength(0);
      const stats = intercom.rateLimitStats();
      expect(stats.tooManyRequests).toBe(0);
      expect(stats.maxCallsInAnyWindow).toBeLessThanOrEqual(LIMIT);
      // Not a TTY: plain progress lines (at most one per interval) on standard error.
      expect(result.stderr).not.toContain('\u001b[');
      expect(await runs()).toEqual([
        expect.objectContaining({ query_key: 'all', status: 'completed', next_cursor: null }),
      ]);
    });

    it('continues an interrupted run from its saved page instead of starting over', async () => {
      const added: StoredContact[] = [];
      const newcomers: StoredContact[] = [];
      const members = Array.from({ length: 150 }, (_, i) => ({
        number: String(30_000 + i),
        email: `resume${i}@example.com`,
      }));
      await insertMembers(members);
      members.forEach((member, i) => {
        if (i % 5 === 0) {
          newcomers.push(
            intercom.store.addContact({ role: 'lead', email: `walkin${i}@example.com` }),
          );
        }
        added.push(intercom.store.addContact({ email: member.email }));
      });
      const searchesBefore = searches().length;

      await quietWindow();
      const first = startCli(cli, ['backfill'], env());
      const open = await waitFor(
        async () => {
          const [row] = (await runs()).filter((r) => r.status === 'open');
          return row && row.pages >= 1 ? row : undefined;
        },
        'the first page of the new run to be saved',
        30_000,
      );
      first.child.kill('SIGINT');
      const interrupted = await track(first.result);

      expect(interrupted.code).toBe(1);
      expect(interrupted.stdout).toContain('Backfill interrupted');
      const [saved] = (await runs()).filter((r) => r.id === open.id);
      expect(saved.status).toBe('open');
      expect(saved.next_cursor).not.toBeNull();
      const firstRunSearches = searches().length - searchesBefore;
      expect(firstRunSearches).toBe(saved.pages);

      const second = await backfill();

      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`Continued a run that had finished ${saved.pages} page(s)`);
      // The second invocation asked for the page after the last one saved, not the first page.
      const resumedSearch = searches()[searchesBefore + firstRunSearches];
      expect(resumedSearch.body).toMatchObject({
        pagination: { starting_after: saved.next_cursor },
      });
      const [finished] = (await runs()).filter((r) => r.id === open.id);
      expect(finished.status).toBe('completed');
      // Contacts that stay in the search (not members) were each looked at once over both invocations.
      expect(finished.not_member).toBe(strangers.length + newcomers.length);
      const notMember = (output: string) => Number(/not a member\s+(\d+)/.exec(output)?.[1]);
      expect(notMember(interrupted.stdout) + notMember(second.stdout)).toBe(
        strangers.length + newcomers.length,
      );
      for (const contact of added) expect(puts(contact.id)).toHaveLength(1);
      expect(intercom.rateLimitStats().tooManyRequests).toBe(0);
    });
    it('refuses to run beside another backfill, at once', async () => {
      // The lock the running backfill would hold, taken by this test's own connection.
      await mysql.query(`SELECT GET_LOCK('natca_intercom_service_backfill', 0)`);
      try {
        const result = await run('backfill');
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('Another backfill is running against this database');
        expect(result.stdout).toBe('');
      } finally {
        await mysql.query(`SELECT RELEASE_LOCK('natca_intercom_service_backfill')`);
      }
    });
  });

  describe('replay', () => {
    let contactId: string;

    const insertFailed = async (payload: Record<string, unknown>): Promise<number> => {
      await mysql.query(
        `INSERT INTO intercom_notifications
           (notification_id, topic, payload, state, attempts, outcome, last_error, available_at, received_at, processed_at, updated_at)
         VALUES (?, ?, ?, 'failed', 8, 'failed', 'IntercomTransientError: HTTP 503', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
        [payload.id, payload.topic, JSON.stringify(payload)],
      );
      const [row] = await mysql.query<Array<{ id: number }>>(
        'SELECT id FROM intercom_notifications WHERE notification_id = ?',
        [payload.id],
      );
      return Number(row.id);
    };
    const state = async (id: number) =>
      (
        await mysql.query<Array<{ state: string; outcome: string | null; attempts: number }>>(
          'SELECT state, outcome, attempts FROM intercom_notifications WHERE id = ?',
          [id],
        )
      )[0];

    beforeAll(async () => {
      await insertMember(mysql, { membernumber: '9100', email: 'replay@example.com' });
      contactId = intercom.store.addContact({ email: 'replay@example.com' }).id;
    });

    it('replay <id> processes a failed notification again, to done', async () => {
      const id = await insertFailed(conversationNotification(contactId));
      const result = await run('replay', String(id));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`#${id} conversation.user.replied: done (updated)`);
      expect(await state(id)).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
      expect(puts(contactId)).toHaveLength(1);
    });

    it('replay --failed processes every failed row and exits 1 when one fails again', async () => {
      const good = await insertFailed(
        conversationNotification(intercom.store.addContact({ email: 'replay@example.com' }).id),
      );
      const doomed = intercom.store.addContact({ email: 'replay@example.com' });
      const bad = await insertFailed(conversationNotification(doomed.id));
      // A 400 about the whole request (every write of that contact, with or without custom
      // attributes, refused) is permanent: the row goes straight back to failed.
      intercom.faults.failNext(5, 400, { method: 'PUT', pathPrefix: `/contacts/${doomed.id}` });

      const result = await run('replay', '--failed');

      expect(result.code).toBe(1);
      expect(result.stdout).toContain('1 done, 1 not done');
      expect(result.stdout).toContain(`#${bad} conversation.user.replied: FAILED:`);
      expect(await state(good)).toMatchObject({ state: 'done', outcome: 'updated' });
      expect(await state(bad)).toMatchObject({ state: 'failed' });
      intercom.faults.reset();
    });

    it("replay <Intercom's notification id> finds its row and processes it again", async () => {
      const fresh = intercom.store.addContact({ email: 'replay@example.com' }).id;
      const payload = conversationNotification(fresh);
      const id = await insertFailed(payload);
      const result = await run('replay', String(payload.id));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`#${id} conversation.user.replied: done (updated)`);
      expect(await state(id)).toMatchObject({ state: 'done', outcome: 'updated', attempts: 1 });
      expect(puts(fresh)).toHaveLength(1);
    });

    it('replay of an unknown notification id exits 1 and names it', async () => {
      const result = await run('replay', 'notif_00000000-0000-0000-0000-000000000000');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'No notification has the id notif_00000000-0000-0000-0000-000000000000',
      );
    });

    it('replay of an unknown id exits 1', async () => {
      const result = await run('replay', '999999');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No notification has the id 999999');
    });
  });

  describe('setup', () => {
    const FACILITY = MEMBER_CONTACT_ATTRIBUTES.find((a) => a.name === 'facility');
    /** The calls a command made to /data_attributes, by method. */
    const attributeCalls = (since: number) => {
      const calls = intercom.requests.slice(since).filter((r) => r.path === '/data_attributes');
      return {
        gets: calls.filter((r) => r.method === 'GET'),
        posts: calls.filter((r) => r.method === 'POST'),
      };
    };

    beforeAll(() => {
      // A workspace where nobody created `facility` yet.
      intercom.store.removeDataAttribute('facility');
    });

    it('--dry-run lists the attributes, creates nothing and says it would create facility', async () => {
      const since = intercom.requests.length;
      const result = await run('setup', '--dry-run');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('[dry run, nothing created]');
      expect(result.stdout).toMatch(/member_number\s+exists\n/);
      expect(result.stdout).toMatch(/positions\s+exists\n/);
      expect(result.stdout).toMatch(/facility\s+would create/);
      expect(result.stdout).toContain('Would create 1 attribute(s): facility.');
      expect(intercom.store.dataAttribute('facility')).toBeUndefined();
      const { gets, posts } = attributeCalls(since);
      expect(gets).toHaveLength(1);
      expect(gets[0].query).toMatchObject({ model: 'contact' });
      expect(posts).toHaveLength(0);
    });

    it('creates the missing attribute as text with its description, with one GET and one POST', async () => {
      const since = intercom.requests.length;
      const result = await run('setup');

      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('dry run');
      expect(result.stdout).toMatch(/facility\s+created/);
      expect(result.stdout).toMatch(/region\s+exists\n/);
      expect(result.stdout).toContain('Created 1 attribute(s): facility.');
      expect(intercom.store.dataAttribute('facility')).toMatchObject({
        name: 'facility',
        data_type: 'string',
        description: FACILITY?.description,
        custom: true,
        archived: false,
      });
      const { gets, posts } = attributeCalls(since);
      expect(gets).toHaveLength(1);
      expect(posts).toHaveLength(1);
      expect(posts[0].body).toMatchObject({
        name: 'facility',
        model: 'contact',
        data_type: 'string',
        description: FACILITY?.description,
      });
      // Nothing else was asked of Intercom.
      expect(intercom.requests.slice(since)).toHaveLength(2);
    });

    it('run again, creates nothing and says every attribute exists', async () => {
      const since = intercom.requests.length;
      const result = await run('setup');

      expect(result.code).toBe(0);
      for (const { name } of MEMBER_CONTACT_ATTRIBUTES) {
        expect(result.stdout).toMatch(new RegExp(`${name}\\s+exists\\n`));
      }
      expect(result.stdout).toContain('All 5 attributes exist; nothing to create.');
      const { gets, posts } = attributeCalls(since);
      expect(gets).toHaveLength(1);
      expect(posts).toHaveLength(0);
    });

    it('exits 1 and names the attribute when a creation fails', async () => {
      intercom.store.removeDataAttribute('region');
      // A scope the token lacks for this call alone: the first 403 pauses Intercom work, the probe
      // (GET /me) succeeds, and the 403 that comes back then is this call's own refusal.
      intercom.faults.failNext(2, 403, { method: 'POST', pathPrefix: '/data_attributes' });

      const result = await run('setup');

      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/region\s+FAILED: IntercomRequestError/);
      expect(result.stdout).toContain('Could not create 1 attribute(s): region.');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(intercom.store.dataAttribute('region')).toBeUndefined();

      // Once the cause is gone, the same command finishes the work.
      const again = await run('setup');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Created 1 attribute(s): region.');
    });

    it('without a token: says what it would create, calls nothing, exit 1 (0 with --dry-run)', async () => {
      const since = intercom.requests.length;
      const withoutToken = env();
      delete withoutToken.INTERCOM_ACCESS_TOKEN;

      const result = await track(runCli(cli, ['setup'], withoutToken));
      const preview = await track(runCli(cli, ['setup', '--dry-run'], withoutToken));

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('INTERCOM_ACCESS_TOKEN is not set: nothing was done');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(preview.code).toBe(0);
      expect(preview.stderr).toBe('');
      for (const { stdout } of [result, preview]) {
        expect(stdout).toContain('[Intercom dry run: INTERCOM_ACCESS_TOKEN is not set;');
        expect(stdout).toContain('member_number, member_type, region, facility, positions');
      }
      expect(intercom.requests.slice(since)).toHaveLength(0);
    });
  });
});
