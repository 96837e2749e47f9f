/**
 * The retention purge on MariaDB and on the sandbox's SQLite: exactly the
 * done and failed rows past their time go, batch by batch; pending and
 * processing rows never do; and on MariaDB one instance purges at a time
 * (the named lock). The service is the real one, on the real repository.
 */
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { inboxConfig } from '../../../src/common/config/inbox.config';
import { InboxNotificationsDeletedEvent } from '../../../src/intercom/events/intercom.events';
import { DataSource } from 'typeorm';
import { InboxRetentionRepository } from '../../../src/intercom/inbox/inbox-retention.repository';
import { InboxRepository } from '../../../src/intercom/inbox/inbox.repository';
import {
  InboxRetentionService,
  type InboxRetentionSchedule,
} from '../../../src/intercom/inbox/inbox-retention.service';
import { CreateInbox1764547200000 } from '../../../src/intercom/inbox/persistence/migrations/1764547200000-create-inbox';
import { IndexInboxRetention1764810000000 } from '../../../src/intercom/inbox/persistence/migrations/1764810000000-index-inbox-retention';
import {
  inboxRetentionLockName,
  TypeormInboxRetentionRepository,
} from '../../../src/intercom/inbox/persistence/typeorm-inbox-retention.repository';
import { TypeormInboxRepository } from '../../../src/intercom/inbox/persistence/typeorm-inbox.repository';
import { DATABASE_ENGINES, MARIADB, type EngineDatabase } from '../../support/database-engines';

const MINUTE = 60_000;
const DAY = 86_400_000;
const CONFIG = {
  retentionDays: 30,
  failedRetentionDays: 90,
  drainTimeoutMs: 5_000,
} as ConfigType<typeof inboxConfig>;
const SCHEDULE: InboxRetentionSchedule = {
  firstRunDelayMs: 60 * MINUTE,
  intervalMs: 60 * MINUTE,
  batchSize: 2,
  pauseMs: 1,
};

/** `ms` before now, in the form both databases' timestamp columns hold (UTC). */
function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString().replace('T', ' ').replace('Z', '');
}

interface Seed {
  id: string;
  state: 'pending' | 'processing' | 'done' | 'failed';
  /** How long ago it was processed; null: never (yet). */
  processedAgoMs: number | null;
}

/**
 * Every state, with processed_at on both sides of both cut-offs (ten minutes
 * either way). `deleted` marks the rows whose time is up.
 */
const SEEDS: Array<Seed & { deleted: boolean }> = [
  { id: 'done-400d', state: 'done', processedAgoMs: 400 * DAY, deleted: true },
  { id: 'done-60d', state: 'done', processedAgoMs: 60 * DAY, deleted: true },
  { id: 'done-45d', state: 'done', processedAgoMs: 45 * DAY, deleted: true },
  { id: 'done-31d', state: 'done', processedAgoMs: 31 * DAY, deleted: true },
  { id: 'done-30d+10m', state: 'done', processedAgoMs: 30 * DAY + 10 * MINUTE, deleted: true },
  { id: 'done-30d-10m', state: 'done', processedAgoMs: 30 * DAY - 10 * MINUTE, deleted: false },
  { id: 'done-1d', state: 'done', processedAgoMs: DAY, deleted: false },
  { id: 'failed-120d', state: 'failed', processedAgoMs: 120 * DAY, deleted: true },
  { id: 'failed-90d+10m', state: 'failed', processedAgoMs: 90 * DAY + 10 * MINUTE, deleted: true },
  {
    id: 'failed-90d-10m',
    state: 'failed',
    processedAgoMs: 90 * DAY - 10 * MINUTE,
    deleted: false,
  },
  // Past the done rows' period, not the failed rows' one.
  { id: 'failed-31d', state: 'failed', processedAgoMs: 31 * DAY, deleted: false },
  // Requeued after being processed long ago: pending again, processed_at kept.
  { id: 'pending-requeued-400d', state: 'pending', processedAgoMs: 400 * DAY, deleted: false },
  { id: 'pending-new', state: 'pending', processedAgoMs: null, deleted: false },
  { id: 'processing-400d', state: 'processing', processedAgoMs: 400 * DAY, deleted: false },
];

describe.each(DATABASE_ENGINES)('Inbox retention ($name)', (engine) => {
  let db: EngineDatabase;
  let repository: InboxRetentionRepository;
  let events: EventEmitter2;
  let batches: Array<{ state: string; count: number }>;
  const services: InboxRetentionService[] = [];

  const service = () => {
    const created = new InboxRetentionService(repository, events, CONFIG, SCHEDULE);
    services.push(created);
    return created;
  };
  const ids = async () =>
    (
      await db.query<Array<{ notification_id: string }>>(
        'SELECT notification_id FROM intercom_notifications ORDER BY notification_id',
      )
    ).map((row) => row.notification_id);
  const seed = async (rows: readonly Seed[]) => {
    for (const row of rows) {
      const received = ago((row.processedAgoMs ?? 0) + MINUTE);
      await db.query(
        `INSERT INTO intercom_notifications
           (notification_id, topic, payload, state, attempts, available_at, lease_owner,
            received_at, processed_at, updated_at)
         VALUES (?, 'conversation.user.replied', ?, ?, 1, ?, ?, ?, ?, ?)`,
        [
          row.id,
          JSON.stringify({ id: row.id, email: 'member@example.com' }),
          row.state,
          received,
          row.state === 'processing' ? 'owner-1' : null,
          received,
          row.processedAgoMs === null ? null : ago(row.processedAgoMs),
          received,
        ],
      );
    }
  };

  beforeAll(async () => {
    db = await engine.open({
      migrations: [CreateInbox1764547200000, IndexInboxRetention1764810000000],
      providers: [
        { provide: InboxRetentionRepository, useClass: TypeormInboxRetentionRepository },
        { provide: InboxRepository, useClass: TypeormInboxRepository },
      ],
    });
    repository = db.moduleRef.get(InboxRetentionRepository);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM intercom_notifications');
    events = new EventEmitter2();
    batches = [];
    events.on(InboxNotificationsDeletedEvent.name, (event: InboxNotificationsDeletedEvent) =>
      batches.push({ state: event.state, count: event.count }),
    );
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const created of services.splice(0)) await created.beforeApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('deletes exactly the done and failed rows past their time, in batches, and nothing else', async () => {
    await seed(SEEDS);

    const result = await service().purge();

    expect(result).toEqual({
      status: 'purged',
      deleted: { done: 5, failed: 2 },
      interrupted: false,
    });
    expect(await ids()).toEqual(
      SEEDS.filter((row) => !row.deleted)
        .map((row) => row.id)
        .sort(),
    );
    // Batches of 2: five done rows take three statements, two failed rows one.
    expect(batches).toEqual([
      { state: 'done', count: 2 },
      { state: 'done', count: 2 },
      { state: 'done', count: 1 },
      { state: 'failed', count: 2 },
    ]);
  });

  it('leaves the rows it keeps as they were', async () => {
    await seed(SEEDS);
    const columns =
      'notification_id, topic, payload, state, attempts, available_at, lease_owner, received_at, processed_at, updated_at';
    const kept = `SELECT ${columns} FROM intercom_notifications WHERE notification_id IN (${SEEDS.filter(
      (row) => !row.deleted,
    )
      .map(() => '?')
      .join(', ')}) ORDER BY notification_id`;
    const keptIds = SEEDS.filter((row) => !row.deleted).map((row) => row.id);
    const before = await db.query<unknown[]>(kept, keptIds);

    await service().purge();

    expect(before).toHaveLength(keptIds.length);
    await expect(db.query(kept, keptIds)).resolves.toEqual(before);
  });

  it('keeps a row an operator requeued between the read of the batch and its delete', async () => {
    await seed([{ id: 'failed-120d', state: 'failed', processedAgoMs: 120 * DAY }]);
    const [row] = await db.query<Array<{ id: number }>>('SELECT id FROM intercom_notifications');
    const inbox = db.moduleRef.get(InboxRepository);
    const dataSource = db.moduleRef.get(DataSource);
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    // Only the purge's runner (the first one asked for); SQLite hands out one shared runner.
    jest.spyOn(dataSource, 'createQueryRunner').mockImplementationOnce((mode) => {
      const runner = createQueryRunner(mode);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      jest.spyOn(runner, 'query').mockImplementation(async (...args: unknown[]) => {
        const result = await query(...args);
        // The replay lands right after the purge read the ids of a batch.
        const read = /^\s*SELECT id FROM intercom_notifications/.test(String(args[0]));
        if (read && Array.isArray(result) && result.length > 0) {
          await expect(inbox.requeue(Number(row.id))).resolves.toBe(true);
        }
        return result;
      });
      return runner;
    });

    await expect(service().purge()).resolves.toMatchObject({ deleted: { done: 0, failed: 0 } });
    await expect(inbox.find(Number(row.id))).resolves.toMatchObject({ state: 'pending' });
  });

  it('has nothing to do a second time', async () => {
    await seed(SEEDS);
    await service().purge();
    batches = [];

    await expect(service().purge()).resolves.toEqual({
      status: 'purged',
      deleted: { done: 0, failed: 0 },
      interrupted: false,
    });
    expect(batches).toEqual([]);
  });

  if (engine === MARIADB) {
    it('purges on one instance at a time: while another session holds the lock, nothing is deleted', async () => {
      await seed(SEEDS);
      const [{ name }] = await db.query<Array<{ name: string }>>('SELECT DATABASE() AS name');
      const lock = inboxRetentionLockName(name);
      // The test's own connection stands for another instance in the middle of its purge.
      const [taken] = await db.query<Array<{ locked: number }>>('SELECT GET_LOCK(?, 0) AS locked', [
        lock,
      ]);
      expect(Number(taken.locked)).toBe(1);
      try {
        await expect(service().purge()).resolves.toEqual({
          status: 'skipped',
          reason: 'locked_elsewhere',
        });
        expect(await ids()).toHaveLength(SEEDS.length);
        expect(batches).toEqual([]);
      } finally {
        await db.query('SELECT RELEASE_LOCK(?)', [lock]);
      }

      await expect(service().purge()).resolves.toMatchObject({ status: 'purged' });
      expect(await ids()).toHaveLength(SEEDS.filter((row) => !row.deleted).length);
      // And the purge let go of the lock when it ended.
      const [free] = await db.query<Array<{ free: number }>>('SELECT IS_FREE_LOCK(?) AS free', [
        lock,
      ]);
      expect(Number(free.free)).toBe(1);
    });

    it('reads the rows to delete through the (state, processed_at) index', async () => {
      await seed(SEEDS);
      const plan = await db.query<Array<{ key: string | null }>>(
        `EXPLAIN SELECT id FROM intercom_notifications
         WHERE state = 'done' AND processed_at < TIMESTAMPADD(DAY, -30, UTC_TIMESTAMP(3))
         ORDER BY processed_at LIMIT 500`,
      );
      expect(plan.map((row) => row.key)).toEqual(['intercom_notifications_settled']);
    });
  }
});
