/**
 * The durable inbox's repository on MariaDB and on the sandbox's SQLite: the
 * same dedupe, leases, fencing, retries and hand-backs on both (the statements
 * are shared; only SqlDialect's pieces differ).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InboxState } from '../../../src/intercom/inbox/inbox-notification';
import { InboxRepository } from '../../../src/intercom/inbox/inbox.repository';
import { CreateInbox1764547200000 } from '../../../src/intercom/inbox/persistence/migrations/1764547200000-create-inbox';
import { TypeormInboxRepository } from '../../../src/intercom/inbox/persistence/typeorm-inbox.repository';
import { DATABASE_ENGINES, type EngineDatabase } from '../../support/database-engines';

const LEASE_MS = 60_000;

function notification(id: string, topic = 'conversation.user.replied') {
  return { notificationId: id, topic, payload: JSON.stringify({ id }) };
}

describe.each(DATABASE_ENGINES)('InboxRepository ($name)', (engine) => {
  let db: EngineDatabase;
  let inbox: InboxRepository;

  beforeAll(async () => {
    db = await engine.open({
      migrations: [CreateInbox1764547200000],
      providers: [{ provide: InboxRepository, useClass: TypeormInboxRepository }],
    });
    inbox = db.moduleRef.get(InboxRepository);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM intercom_notifications');
  });

  it('records each notification id once', async () => {
    await expect(inbox.insertMany([notification('a'), notification('b')])).resolves.toBe(2);
    // What a repeat counts differs: MySQL with mysql2's FOUND_ROWS flag reports 1 per
    // repeated row, SQLite 0. Nothing reads the count; the rows below are what matters.
    await inbox.insertMany([notification('a')]);
    // Ids compare byte for byte: letter case makes a different notification.
    await inbox.insertMany([notification('b'), notification('B')]);
    const { items, total } = await inbox.list({ limit: 10, offset: 0 });
    expect(total).toBe(3);
    expect(items.map((item) => item.notificationId).sort()).toEqual(['B', 'a', 'b']);
  });

  it("finds a row by Intercom's notification id, letter case included", async () => {
    await inbox.insertMany([notification('notif_a'), notification('notif_b')]);
    const { items } = await inbox.list({ limit: 10, offset: 0 });
    const rowOf = (notificationId: string) =>
      items.find((item) => item.notificationId === notificationId)?.id;
    await expect(inbox.idOf('notif_b')).resolves.toBe(rowOf('notif_b'));
    await expect(inbox.idOf('notif_a')).resolves.toBe(rowOf('notif_a'));
    await expect(inbox.idOf('NOTIF_A')).resolves.toBeNull();
    await expect(inbox.idOf('notif_c')).resolves.toBeNull();
  });

  it('keeps times as UTC dates', async () => {
    await inbox.insertMany([notification('a')]);
    const [record] = (await inbox.list({ limit: 1, offset: 0 })).items;
    expect(record.receivedAt).toBeInstanceOf(Date);
    expect(Math.abs(record.receivedAt.getTime() - Date.now())).toBeLessThan(5_000);
    expect(record).toMatchObject({ state: InboxState.Pending, attempts: 0, processedAt: null });
  });

  it('claims due rows for one owner at a time, with a lease', async () => {
    await inbox.insertMany([notification('a'), notification('b'), notification('c')]);
    const first = await inbox.claim('owner-1', 2, LEASE_MS);
    expect(first.map((row) => row.notificationId)).toEqual(['a', 'b']);
    expect(first.map((row) => row.attempts)).toEqual([1, 1]);
    expect(first[0].payload).toBe('{"id":"a"}');

    const second = await inbox.claim('owner-2', 5, LEASE_MS);
    expect(second.map((row) => row.notificationId)).toEqual(['c']);
    await expect(inbox.claim('owner-3', 5, LEASE_MS)).resolves.toEqual([]);
  });

  it('lets another owner take a row whose lease expired, and fences the first one out', async () => {
    await inbox.insertMany([notification('a')]);
    const [row] = await inbox.claim('owner-1', 1, 50);
    await sleep(120);
    const [again] = await inbox.claim('owner-2', 1, LEASE_MS);
    expect(again).toMatchObject({ id: row.id, attempts: 2 });

    await expect(inbox.complete(row.id, 'owner-1', 'updated')).resolves.toBe(false);
    await expect(inbox.complete(row.id, 'owner-2', 'updated')).resolves.toBe(true);
    const done = await inbox.find(row.id);
    expect(done).toMatchObject({ state: InboxState.Done, outcome: 'updated', lastError: null });
    expect(done?.processedAt).toBeInstanceOf(Date);
  });

  describe('fences out an owner whose lease was taken over', () => {
    /** A row first claimed by owner-1 with a short lease, then taken by owner-2 once it expired. */
    const takenOver = async () => {
      await inbox.insertMany([notification('a')]);
      const [row] = await inbox.claim('owner-1', 1, 50);
      await sleep(120);
      const [again] = await inbox.claim('owner-2', 1, LEASE_MS);
      expect(again).toMatchObject({ id: row.id, attempts: 2 });
      const before = await inbox.find(row.id);
      expect(before).toMatchObject({ state: InboxState.Processing, lastError: null });
      return { id: row.id, before: before! };
    };

    it('retryLater() by the old owner records nothing; the new owner still can', async () => {
      const { id, before } = await takenOver();

      await expect(inbox.retryLater(id, 'owner-1', 0, 'stale timeout')).resolves.toBe(false);
      // Still owner-2's, still leased: nobody can claim it, nothing of owner-1's landed.
      await expect(inbox.find(id)).resolves.toEqual(before);
      await expect(inbox.claim('owner-3', 1, LEASE_MS)).resolves.toEqual([]);

      await expect(inbox.retryLater(id, 'owner-2', 60_000, 'timeout')).resolves.toBe(true);
      await expect(inbox.find(id)).resolves.toMatchObject({
        state: InboxState.Pending,
        lastError: 'timeout',
      });
    });

    it('fail() by the old owner records nothing; the new owner still can', async () => {
      const { id, before } = await takenOver();

      await expect(inbox.fail(id, 'owner-1', 'stale error')).resolves.toBe(false);
      await expect(inbox.find(id)).resolves.toEqual(before);
      await expect(inbox.claim('owner-3', 1, LEASE_MS)).resolves.toEqual([]);

      await expect(inbox.fail(id, 'owner-2', 'gone')).resolves.toBe(true);
      const failed = await inbox.find(id);
      expect(failed).toMatchObject({
        state: InboxState.Failed,
        outcome: 'failed',
        lastError: 'gone',
      });
      expect(failed?.processedAt).toBeInstanceOf(Date);
    });
  });

  it('renews a lease so that nobody else takes the row', async () => {
    await inbox.insertMany([notification('a')]);
    const [row] = await inbox.claim('owner-1', 1, 100);
    await inbox.renew('owner-1', [row.id], LEASE_MS);
    await sleep(150);
    await expect(inbox.claim('owner-2', 1, LEASE_MS)).resolves.toEqual([]);
  });

  it('retries later: not due before the delay, due after it', async () => {
    await inbox.insertMany([notification('a')]);
    const [row] = await inbox.claim('owner-1', 1, LEASE_MS);
    await expect(inbox.retryLater(row.id, 'owner-1', 300, 'timeout')).resolves.toBe(true);
    await expect(inbox.claim('owner-1', 1, LEASE_MS)).resolves.toEqual([]);
    await sleep(400);
    const [retried] = await inbox.claim('owner-1', 1, LEASE_MS);
    expect(retried).toMatchObject({ id: row.id, attempts: 2 });
    await expect(inbox.find(row.id)).resolves.toMatchObject({ lastError: 'timeout' });
  });

  it('keeps a failed row out of the claims until it is requeued', async () => {
    await inbox.insertMany([notification('a'), notification('b')]);
    const rows = await inbox.claim('owner-1', 2, LEASE_MS);
    for (const row of rows) await inbox.fail(row.id, 'owner-1', 'gone');
    await expect(inbox.find(rows[0].id)).resolves.toMatchObject({
      state: InboxState.Failed,
      outcome: 'failed',
      lastError: 'gone',
    });
    await expect(inbox.claim('owner-1', 5, LEASE_MS)).resolves.toEqual([]);

    await expect(inbox.requeue(rows[0].id)).resolves.toBe(true);
    await expect(inbox.requeueFailed()).resolves.toBe(1);
    const again = await inbox.claim('owner-1', 5, LEASE_MS);
    expect(again.map((row) => row.attempts)).toEqual([1, 1]);
    // A row being processed is not requeued under its worker.
    await expect(inbox.requeue(again[0].id)).resolves.toBe(false);
  });

  it('hands back what an owner holds, due at once and without counting the attempt', async () => {
    await inbox.insertMany([notification('a'), notification('b')]);
    await inbox.claim('owner-1', 2, LEASE_MS);
    await expect(inbox.releaseAll('owner-1')).resolves.toBe(2);
    const again = await inbox.claim('owner-2', 5, LEASE_MS);
    expect(again.map((row) => row.attempts)).toEqual([1, 1]);
  });

  it('counts rows per state and the age of the oldest unfinished one', async () => {
    await expect(inbox.stats()).resolves.toEqual({
      counts: { pending: 0, processing: 0, done: 0, failed: 0 },
      oldestPendingAgeSeconds: 0,
    });
    await inbox.insertMany([notification('a'), notification('b'), notification('c')]);
    const [row] = await inbox.claim('owner-1', 1, LEASE_MS);
    await inbox.complete(row.id, 'owner-1', 'updated');
    await sleep(1_100);
    const stats = await inbox.stats();
    expect(stats.counts).toEqual({ pending: 2, processing: 0, done: 1, failed: 0 });
    expect(stats.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(1);
    expect(stats.oldestPendingAgeSeconds).toBeLessThan(10);
  });
});
