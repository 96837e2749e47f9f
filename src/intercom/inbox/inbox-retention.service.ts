import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { inboxConfig } from '../../common/config/inbox.config';
import { emitIntercomEvent, InboxNotificationsDeletedEvent } from '../events';
import { describeError } from './failure-classification';
import { InboxRetentionRepository, type SettledState } from './inbox-retention.repository';

/** When and how the retention purge runs. */
export interface InboxRetentionSchedule {
  /** Wait after the application started before the first purge, in milliseconds. */
  readonly firstRunDelayMs: number;
  /** Time from the start of one purge to the start of the next, in milliseconds. */
  readonly intervalMs: number;
  /** Most rows one delete statement removes. */
  readonly batchSize: number;
  /** Pause between two batches, in milliseconds: the webhook's and worker's statements go first. */
  readonly pauseMs: number;
}

export const INBOX_RETENTION_SCHEDULE = Symbol('INBOX_RETENTION_SCHEDULE');

/**
 * Hourly, and once a minute after start (not at once: the start has migrations
 * and a backlog to get through first). 500 rows per statement keep each delete
 * to a few milliseconds.
 */
export const DEFAULT_INBOX_RETENTION_SCHEDULE: InboxRetentionSchedule = {
  firstRunDelayMs: 60_000,
  intervalMs: 60 * 60_000,
  batchSize: 500,
  pauseMs: 50,
};

export type InboxPurgeResult =
  /** Another process holds the purge lock (it is purging), or this one is shutting down. */
  | { status: 'skipped'; reason: 'locked_elsewhere' | 'stopping' }
  /** `interrupted`: the shutdown stopped it between two batches; the next start goes on. */
  | { status: 'purged'; deleted: Record<SettledState, number>; interrupted: boolean };

/** Resolves after `ms` without keeping the process alive. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Deletes inbox rows past their retention: `done` rows INBOX_RETENTION_DAYS
 * after they were processed, `failed` ones INBOX_FAILED_RETENTION_DAYS after
 * their last attempt; pending and processing rows never. Their payloads hold
 * personal data (names, emails, message text) and are kept no longer.
 *
 * Runs on a timer, in small batches with a pause between them, under a lock
 * shared by every instance on the database, so one instance purges at a time
 * and the others skip that round. On shutdown it stops between two batches.
 * Each batch is reported as an InboxNotificationsDeletedEvent (the metric).
 */
@Injectable()
export class InboxRetentionService
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(InboxRetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<InboxPurgeResult>;
  private stopping = false;

  constructor(
    private readonly retention: InboxRetentionRepository,
    private readonly events: EventEmitter2,
    @Inject(inboxConfig.KEY) private readonly config: ConfigType<typeof inboxConfig>,
    @Inject(INBOX_RETENTION_SCHEDULE) private readonly schedule: InboxRetentionSchedule,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleNext(this.schedule.firstRunDelayMs);
  }

  onModuleDestroy(): void {
    this.stopping = true;
    clearTimeout(this.timer);
  }

  /** Lets a purge in progress finish its batch (bounded by INBOX_DRAIN_TIMEOUT_MS) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    if (!this.running) return;
    await Promise.race([
      this.running.then(
        () => undefined,
        () => undefined,
      ),
      pause(this.config.drainTimeoutMs),
    ]);
  }

  /**
   * Deletes now what is past its time, unless another process is at it. A
   * purge already running in this process is joined, not started twice.
   * Rejects when the database fails (what was deleted before stays deleted).
   */
  purge(): Promise<InboxPurgeResult> {
    if (this.stopping) return Promise.resolve({ status: 'skipped', reason: 'stopping' });
    this.running ??= this.runPurge().finally(() => (this.running = undefined));
    return this.running;
  }

  private scheduleNext(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      // Counted from this start, so purges stay an interval apart however long one takes.
      this.scheduleNext(this.schedule.intervalMs);
      void this.purgeInBackground();
    }, delayMs);
    this.timer.unref();
  }

  /** The timer's purge: never rejects; a failure waits for the next round. */
  private async purgeInBackground(): Promise<void> {
    try {
      await this.purge();
    } catch (error) {
      this.logger.error({
        msg: 'Inbox retention purge failed; trying again at the next round',
        error: describeError(error),
      });
    }
  }

  private async runPurge(): Promise<InboxPurgeResult> {
    const deleted: Record<SettledState, number> = { done: 0, failed: 0 };
    let interrupted = false;
    const periods: Array<[SettledState, number]> = [
      ['done', this.config.retentionDays],
      ['failed', this.config.failedRetentionDays],
    ];
    const acquired = await this.retention.withPurgeLock(async (batches) => {
      for (const [state, days] of periods) {
        for (;;) {
          if (this.stopping) {
            interrupted = true;
            return;
          }
          const count = await batches.deleteBatch(state, days, this.schedule.batchSize);
          if (count > 0) {
            deleted[state] += count;
            emitIntercomEvent(this.events, new InboxNotificationsDeletedEvent(state, count));
          }
          // A short batch means nothing was left in this state.
          if (count < this.schedule.batchSize) break;
          await pause(this.schedule.pauseMs);
        }
      }
    });
    if (!acquired) {
      this.logger.debug({ msg: 'Inbox retention purge skipped: another instance is purging' });
      return { status: 'skipped', reason: 'locked_elsewhere' };
    }
    if (deleted.done + deleted.failed > 0 || interrupted) {
      // Counts only: the rows' contents never reach a log.
      this.logger.log({
        msg: interrupted
          ? 'Inbox retention purge stopped by shutdown'
          : 'Deleted inbox notifications past their retention',
        done: deleted.done,
        failed: deleted.failed,
        retention_days: this.config.retentionDays,
        failed_retention_days: this.config.failedRetentionDays,
      });
    }
    return { status: 'purged', deleted, interrupted };
  }
}
