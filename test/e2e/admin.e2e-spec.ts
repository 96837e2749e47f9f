/**
 * /api/admin/notifications: recorded notifications for operators, behind
 * ADMIN_API_KEYS (docs/reference.md, "HTTP API").
 */
import { insertMember } from '../support/member-fixtures';
import { startTestApp, TEST_ADMIN_KEY, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

const BASE = '/api/admin/notifications';

interface Row {
  id: number;
  state: string;
  outcome: string | null;
  attempts: number;
}

describe('admin API', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};

  const admin = (method: 'get' | 'post', path: string, key: string | null = TEST_ADMIN_KEY) => {
    const req = t.http()[method](path);
    return key ? req.set('Authorization', `Bearer ${key}`) : req;
  };
  const row = async (id: number) =>
    (
      await t.mysql.query<Row[]>(
        'SELECT id, state, outcome, attempts FROM intercom_notifications WHERE id = ?',
        [id],
      )
    )[0];
  /** A row as the worker would have left it; available in an hour, so the worker leaves it alone. */
  const insertRow = async (notificationId: string, state: string, payload: string) => {
    await t.mysql.query(
      `INSERT INTO intercom_notifications
         (notification_id, topic, payload, state, attempts, outcome, last_error, available_at, received_at, processed_at, updated_at)
       VALUES (?, 'conversation.user.replied', ?, ?, 4, ?, ?, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR,
               UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [
        notificationId,
        payload,
        state,
        state === 'failed' ? 'failed' : state === 'done' ? 'updated' : null,
        state === 'failed' ? 'IntercomTransientError: PUT contact: HTTP 503' : null,
      ],
    );
    const [inserted] = await t.mysql.query<Array<{ id: number }>>(
      'SELECT id FROM intercom_notifications WHERE notification_id = ?',
      [notificationId],
    );
    ids[notificationId] = Number(inserted.id);
    return Number(inserted.id);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await insertMember(t.mysql, { membernumber: '12345', email: 'member@example.com' });
    for (let i = 0; i < 3; i++) await insertRow(`done-${i}`, 'done', '{}');
    for (let i = 0; i < 3; i++) {
      await insertRow(`failed-${i}`, 'failed', JSON.stringify({ id: `failed-${i}`, n: i }));
    }
    await insertRow('busy', 'processing', '{}');
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => t.intercom.faults.reset());

  describe('authentication', () => {
    const routes: Array<[string, 'get' | 'post', () => string]> = [
      ['GET list', 'get', () => BASE],
      ['GET one', 'get', () => `${BASE}/${ids['done-0']}`],
      ['POST replay', 'post', () => `${BASE}/${ids['done-0']}/replay`],
      ['POST replay-failed', 'post', () => `${BASE}/replay-failed`],
    ];

    it.each(routes)(
      '%s answers 401 without a key, with a wrong key and with a lookup key',
      async (_label, method, path) => {
        for (const key of [null, 'not-the-key', TEST_LOOKUP_KEY]) {
          const res = await admin(method, path(), key).expect(401);
          expect(res.body).toEqual({ error: 'Unauthorized' });
        }
        expect((await row(ids['done-0'])).state).toBe('done');
      },
    );

    it('accepts the key as X-API-Key too', async () => {
      await t.http().get(BASE).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
    });
  });

  describe('list', () => {
    it('pages through one state, newest first, without payloads', async () => {
      const first = await admin('get', `${BASE}?state=failed&limit=2`).expect(200);
      expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(first.body.items.map((i: { id: number }) => i.id)).toEqual([
        ids['failed-2'],
        ids['failed-1'],
      ]);
      expect(first.body.items[0]).toEqual({
        id: ids['failed-2'],
        notification_id: 'failed-2',
        topic: 'conversation.user.replied',
        state: 'failed',
        attempts: 4,
        outcome: 'failed',
        last_error: 'IntercomTransientError: PUT contact: HTTP 503',
        received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        available_at: expect.any(String),
        processed_at: expect.any(String),
      });
      const second = await admin('get', `${BASE}?state=failed&limit=2&offset=2`).expect(200);
      expect(second.body.items.map((i: { id: number }) => i.id)).toEqual([ids['failed-0']]);
    });

    it('lists every state by default, 50 per page', async () => {
      const res = await admin('get', BASE).expect(200);
      expect(res.body).toMatchObject({ total: 7, limit: 50, offset: 0 });
      expect(res.body.items).toHaveLength(7);
    });

    it.each([
      ['an unknown state', '?state=lost'],
      ['a zero limit', '?limit=0'],
      ['a limit over 200', '?limit=201'],
      ['a limit that is not a number', '?limit=ten'],
      ['a negative offset', '?offset=-1'],
    ])('answers 400 for %s', async (_label, query) => {
      const res = await admin('get', `${BASE}${query}`).expect(400);
      expect(res.body).toEqual({ error: 'Invalid query parameter' });
    });
  });

  describe('show', () => {
    it('shows the payload, attempts and last error of one notification', async () => {
      const res = await admin('get', `${BASE}/${ids['failed-1']}`).expect(200);
      expect(res.body).toMatchObject({
        id: ids['failed-1'],
        state: 'failed',
        attempts: 4,
        last_error: 'IntercomTransientError: PUT contact: HTTP 503',
        payload: { id: 'failed-1', n: 1 },
      });
    });

    it.each(['999999', 'abc'])('answers 404 for the id %s', async (id) => {
      const res = await admin('get', `${BASE}/${id}`).expect(404);
      expect(res.body).toEqual({ error: 'Notification not found' });
    });
  });

  describe('replay', () => {
    it('brings a notification that failed for good back to done', async () => {
      const contact = t.intercom.store.addContact({ email: 'member@example.com' });
      t.intercom.faults.failNext(4, 503, { method: 'PUT', pathPrefix: `/contacts/${contact.id}` });
      const payload = conversationNotification(contact.id);
      await t.sendWebhook(payload).expect(200);
      const failed = await waitFor(async () => {
        const [r] = await t.mysql.query<Row[]>(
          'SELECT id, state, outcome, attempts FROM intercom_notifications WHERE notification_id = ?',
          [payload.id],
        );
        return r?.state === 'failed' ? r : undefined;
      }, 'the notification to fail');

      const res = await admin('post', `${BASE}/${failed.id}/replay`).expect(202);
      expect(res.body).toEqual({ replayed: 1 });
      const done = await waitFor(async () => {
        const r = await row(Number(failed.id));
        return r.state === 'done' ? r : undefined;
      }, 'the replayed notification to be done');
      expect(done).toMatchObject({ outcome: 'updated', attempts: 1 });
      expect(t.intercom.store.getContact(contact.id)?.custom_attributes.member_number).toBe(
        '12345',
      );
    });

    it('answers 409 while the notification is being processed, and 404 for an unknown one', async () => {
      const busy = await admin('post', `${BASE}/${ids.busy}/replay`).expect(409);
      expect(busy.body).toEqual({
        error: 'Notification is being processed; replay it once it has settled',
      });
      expect((await row(ids.busy)).state).toBe('processing');
      await admin('post', `${BASE}/999999/replay`).expect(404);
    });

    it('replays every failed notification at once', async () => {
      const failedBefore = await admin('get', `${BASE}?state=failed`).expect(200);
      const res = await admin('post', `${BASE}/replay-failed`).expect(202);
      expect(res.body).toEqual({ replayed: failedBefore.body.total });
      const after = await admin('get', `${BASE}?state=failed`).expect(200);
      // Their payloads name no contact: each is worked on again and ends done at once.
      await waitFor(async () => {
        const states = await Promise.all(
          [0, 1, 2].map(async (i) => (await row(ids[`failed-${i}`])).state),
        );
        return states.every((state) => state === 'done');
      }, 'the replayed rows to be done');
      expect(after.body.total).toBe(0);
      expect((await row(ids['failed-0'])).outcome).toBe('no_contact_id');
    });
  });

  it('documents every admin route, its statuses and both key schemes', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
    >;
    const statuses = (path: string, method: string) =>
      Object.keys(paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/api/admin/notifications', 'get')).toEqual(['200', '400', '401']);
    expect(statuses('/api/admin/notifications/{id}', 'get')).toEqual(['200', '401', '404']);
    expect(statuses('/api/admin/notifications/{id}/replay', 'post')).toEqual([
      '202',
      '401',
      '404',
      '409',
    ]);
    expect(statuses('/api/admin/notifications/replay-failed', 'post')).toEqual(['202', '401']);
    expect(paths['/api/admin/notifications'].get.security).toEqual(
      expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }]),
    );
  });
});
