/**
 * The retention purge in the running service: scheduled shortly after start
 * with the periods of INBOX_RETENTION_DAYS and INBOX_FAILED_RETENTION_DAYS,
 * counted in natca_inbox_deleted_total{state}, logged without contents, and
 * a deleted row is simply gone for the admin API.
 */
import {
  DEFAULT_INBOX_RETENTION_SCHEDULE,
  INBOX_RETENTION_SCHEDULE,
} from '../../src/intercom/inbox/inbox-retention.service';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from '../support/databases';
import { PrometheusText } from '../support/prometheus-text';
import { LogCapture } from '../support/log-capture';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Two starts of the whole service in one test file.
jest.setTimeout(60_000);

const DELETED = 'natca_inbox_deleted_total';
const BASE = '/api/admin/notifications';

describe('inbox retention in the running service', () => {
  let mysql: TestMysqlDatabase;
  let postgres: TestPostgresDatabase;
  let t: TestApp | undefined;
  /**
   * Both starts' logs. nestjs-pino creates the logger for lines written outside
   * a request (as the purge's) once per process, so the second start's lines
   * land in the first start's capture.
   */
  const logs: LogCapture[] = [];
  const logEntries = (msg: string) => logs.flatMap((capture) => capture.entries(msg));
  const logText = () => logs.map((capture) => capture.text).join('');

  /** A settled row, processed `days` days ago, with personal data in its payload. */
  const insertSettled = async (notificationId: string, state: string, days: number) => {
    await mysql.query(
      `INSERT INTO intercom_notifications
         (notification_id, topic, payload, state, attempts, outcome, available_at, received_at, processed_at, updated_at)
       VALUES (?, 'conversation.user.replied', ?, ?, 1, ?, UTC_TIMESTAMP(3),
               UTC_TIMESTAMP(3) - INTERVAL ? DAY, UTC_TIMESTAMP(3) - INTERVAL ? DAY, UTC_TIMESTAMP(3))`,
      [
        notificationId,
        JSON.stringify({ id: notificationId, email: `${notificationId}@example.com` }),
        state,
        state === 'done' ? 'updated' : 'failed',
        days,
        days,
      ],
    );
    const [row] = await mysql.query<Array<{ id: number }>>(
      'SELECT id FROM intercom_notifications WHERE notification_id = ?',
      [notificationId],
    );
    return Number(row.id);
  };
  const remaining = async () =>
    (
      await mysql.query<Array<{ notification_id: string }>>(
        'SELECT notification_id FROM intercom_notifications ORDER BY notification_id',
      )
    ).map((row) => row.notification_id);

  beforeAll(async () => {
    mysql = await createMysqlDatabase();
    postgres = await createPostgresDatabase();
    // A first start brings the schema (migrations) up; the rows are then seeded while it is down.
    const first = await startTestApp({ mysql, postgres });
    logs.push(first.logs);
    await first.close({ keepDatabases: true });
  });

  afterAll(async () => {
    await t?.close({ keepDatabases: true });
    await mysql?.drop();
    await postgres?.drop();
  });

  it('deletes what is past its time shortly after start, counts it by state, and a deleted row is gone', async () => {
    const doneOld = await insertSettled('done-8d', 'done', 8);
    await insertSettled('done-30d', 'done', 30);
    await insertSettled('done-6d', 'done', 6);
    await insertSettled('failed-15d', 'failed', 15);
    await insertSettled('failed-8d', 'failed', 8);

    t = await startTestApp({
      mysql,
      postgres,
      env: { INBOX_RETENTION_DAYS: '7', INBOX_FAILED_RETENTION_DAYS: '14' },
      override: (builder) =>
        builder
          .overrideProvider(INBOX_RETENTION_SCHEDULE)
          .useValue({ ...DEFAULT_INBOX_RETENTION_SCHEDULE, firstRunDelayMs: 100 }),
    });
    const app = t;
    logs.push(app.logs);

    // Logged once the purge has ended, after its last batch was counted.
    const logged = await waitFor(
      () => logEntries('Deleted inbox notifications past their retention')[0],
      'the purge shortly after start',
      20_000,
    );
    expect(logged).toMatchObject({
      done: 2,
      failed: 1,
      retention_days: 7,
      failed_retention_days: 14,
    });
    expect(await remaining()).toEqual(['done-6d', 'failed-8d']);

    const metrics = new PrometheusText((await app.http().get('/api/metrics').expect(200)).text);
    expect(metrics.value(DELETED, { state: 'done' })).toBe(2);
    expect(metrics.value(DELETED, { state: 'failed' })).toBe(1);

    expect(logText()).not.toContain('done-8d@example.com');
    expect(logText()).not.toContain('failed-15d@example.com');

    // The admin API and the replay know nothing of it any more: the existing not-found.
    const auth = `Bearer ${TEST_ADMIN_KEY}`;
    const shown = await app.http().get(`${BASE}/${doneOld}`).set('Authorization', auth).expect(404);
    expect(shown.body).toEqual({ error: 'Notification not found' });
    await app.http().post(`${BASE}/${doneOld}/replay`).set('Authorization', auth).expect(404);
  });
});
