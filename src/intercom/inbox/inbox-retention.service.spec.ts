import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { inboxConfig } from '../../common/config/inbox.config';
import { InboxNotificationsDeletedEvent } from '../events/intercom.events';
import {
  InboxRetentionRepository,
  type InboxPurgeBatches,
  type SettledState,
} from './inbox-retention.repository';
import {
  DEFAULT_INBOX_RETENTION_SCHEDULE,
  InboxRetentionService,
  type InboxRetentionSchedule,
} from './inbox-retention.service';

const CONFIG = {
  retentionDays: 30,
  failedRetentionDays: 90,
  drainTimeoutMs: 1_000,
} as ConfigType<typeof inboxConfig>;

const SCHEDULE: InboxRetentionSchedule = {
  firstRunDelayMs: 60_000,
  intervalMs: 3_600_000,
  batchSize: 2,
  pauseMs: 0,
};

/** What several instances share: the rows past their time and the one purge lock. */
class FakeDatabase {
  eligible: Record<SettledState, number> = { done: 0, failed: 0 };
  lockHolder: string | null = null;
  statements: Array<{ by: string; state: SettledState; days: number; limit: number }> = [];
  /** While set, every delete waits for it: a batch held in flight. */
  gate: Promise<void> | null = null;
  failNext = false;
}

/** One instance's view of the database: the lock is taken without waiting, as GET_LOCK(name, 0). */
class FakeRetentionRepository extends InboxRetentionRepository {
  constructor(
    private readonly db: FakeDatabase,
    private readonly name: string,
  ) {
    super();
  }

  async withPurgeLock(purge: (batches: InboxPurgeBatches) => Promise<void>): Promise<boolean> {
    if (this.db.lockHolder !== null) return false;
    this.db.lockHolder = this.name;
    try {
      await purge({ deleteBatch: (state, days, limit) => this.deleteBatch(state, days, limit) });
      return true;
    } finally {
      this.db.lockHolder = null;
    }
  }

  private async deleteBatch(state: SettledState, days: number, limit: number): Promise<number> {
    this.db.statements.push({ by: this.name, state, days, limit });
    if (this.db.gate) await this.db.gate;
    if (this.db.failNext) {
      this.db.failNext = false;
      throw new Error('connection lost');
    }
    const count = Math.min(limit, this.db.eligible[state]);
    this.db.eligible[state] -= count;
    return count;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InboxRetentionService', () => {
  let db: FakeDatabase;
  let events: EventEmitter2;
  let deleted: Array<{ state: string; count: number }>;
  const instances: InboxRetentionService[] = [];

  const instance = (name: string, schedule = SCHEDULE) => {
    const service = new InboxRetentionService(
      new FakeRetentionRepository(db, name),
      events,
      CONFIG,
      schedule,
    );
    instances.push(service);
    return service;
  };

  beforeEach(() => {
    db = new FakeDatabase();
    events = new EventEmitter2();
    deleted = [];
    events.on(InboxNotificationsDeletedEvent.name, (event: InboxNotificationsDeletedEvent) =>
      deleted.push({ state: event.state, count: event.count }),
    );
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const service of instances.splice(0)) await service.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('deletes done rows after INBOX_RETENTION_DAYS and failed ones after INBOX_FAILED_RETENTION_DAYS, batch by batch until a batch comes back short', async () => {
    db.eligible = { done: 5, failed: 2 };

    const result = await instance('a').purge();

    expect(result).toEqual({
      status: 'purged',
      deleted: { done: 5, failed: 2 },
      interrupted: false,
    });
    expect(db.statements.map(({ state, days, limit }) => [state, days, limit])).toEqual([
      ['done', 30, 2],
      ['done', 30, 2],
      ['done', 30, 2],
      ['failed', 90, 2],
      ['failed', 90, 2],
    ]);
    // One event (one metric increment) per batch that deleted something.
    expect(deleted).toEqual([
      { state: 'done', count: 2 },
      { state: 'done', count: 2 },
      { state: 'done', count: 1 },
      { state: 'failed', count: 2 },
    ]);
    expect(db.lockHolder).toBeNull();
  });

  it('runs on one instance at a time: a second one that cannot take the lock does nothing', async () => {
    db.eligible = { done: 3, failed: 1 };
    const gate = deferred();
    db.gate = gate.promise;
    const first = instance('first').purge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.lockHolder).toBe('first');

    await expect(instance('second').purge()).resolves.toEqual({
      status: 'skipped',
      reason: 'locked_elsewhere',
    });
    expect(db.statements.filter((s) => s.by === 'second')).toEqual([]);

    db.gate = null;
    gate.resolve();
    await expect(first).resolves.toMatchObject({ deleted: { done: 3, failed: 1 } });
    expect(deleted.reduce((sum, event) => sum + event.count, 0)).toBe(4);
    expect(db.lockHolder).toBeNull();
  });

  it('joins a purge already running in the same process instead of starting another', async () => {
    db.eligible = { done: 1, failed: 0 };
    const service = instance('a');
    const lock = jest.spyOn(FakeRetentionRepository.prototype, 'withPurgeLock');

    const [one, two] = await Promise.all([service.purge(), service.purge()]);

    expect(one).toEqual(two);
    expect(one).toMatchObject({ status: 'purged', deleted: { done: 1, failed: 0 } });
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('runs once a minute after start, then every hour, 500 rows a statement, and no more after shutdown', async () => {
    jest.useFakeTimers();
    db.eligible = { done: 501, failed: 0 };
    const service = instance('a', DEFAULT_INBOX_RETENTION_SCHEDULE);
    const purge = jest.spyOn(service, 'purge');
    service.onApplicationBootstrap();

    await jest.advanceTimersByTimeAsync(60_000 - 1);
    expect(purge).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(purge).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(purge).toHaveBeenCalledTimes(2);
    expect(db.statements.map((s) => s.limit)).toEqual([500, 500, 500, 500, 500]);
    expect(db.eligible.done).toBe(0);

    await service.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(60 * 60_000 * 3);
    expect(purge).toHaveBeenCalledTimes(2);
  });

  it('logs a failed round without the rows, and purges again at the next one', async () => {
    jest.useFakeTimers();
    db.eligible = { done: 1, failed: 0 };
    db.failNext = true;
    const service = instance('a');
    service.onApplicationBootstrap();

    await jest.advanceTimersByTimeAsync(SCHEDULE.firstRunDelayMs);
    expect(Logger.prototype.error).toHaveBeenCalledWith({
      msg: 'Inbox retention purge failed; trying again at the next round',
      error: 'Error: connection lost',
    });
    expect(db.eligible.done).toBe(1);
    expect(db.lockHolder).toBeNull();

    await jest.advanceTimersByTimeAsync(SCHEDULE.intervalMs);
    expect(db.eligible.done).toBe(0);
    expect(deleted).toEqual([{ state: 'done', count: 1 }]);
  });

  it('stops between two batches on shutdown, releasing the lock, and starts no new purge', async () => {
    db.eligible = { done: 10, failed: 4 };
    const gate = deferred();
    db.gate = gate.promise;
    const service = instance('a');
    const running = service.purge();
    await new Promise((resolve) => setImmediate(resolve));

    const shutdown = service.beforeApplicationShutdown();
    gate.resolve();
    await shutdown;

    await expect(running).resolves.toEqual({
      status: 'purged',
      deleted: { done: 2, failed: 0 },
      interrupted: true,
    });
    expect(db.statements).toHaveLength(1);
    expect(db.lockHolder).toBeNull();
    await expect(service.purge()).resolves.toEqual({ status: 'skipped', reason: 'stopping' });
  });
});
