import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { withTimeout } from '../../common/async/with-timeout';
import { inboxConfig } from '../../common/config/inbox.config';
import { mysqlConfig } from '../../common/config/mysql.config';
import { IntercomAuthorization } from '../gateway';
import { describeError } from './failure-classification';
import type { ClaimedNotification } from './inbox-notification';
import { InboxRepository } from './inbox.repository';
import type { NotificationContext } from './notification-handler';
import { NotificationHandlerRegistry } from './notification-handler.registry';
import { outcomeOfFailure, reportOutcome, type NotificationOutcome } from './notification-outcome';

/** Waits between tries to record an outcome while the database is away: doubling, capped. */
const RECORD_RETRY_FIRST_MS = 200;
const RECORD_RETRY_MAX_MS = 5_000;
/**
 * On shutdown, the longest wait for the hand-back (ms), when MYSQL_QUERY_TIMEOUT_MS is longer:
 * with a database that hangs the process must still exit within its bound (main.ts), and rows
 * not handed back are taken again when their lease expires.
 */
const HAND_BACK_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Works the inbox: claims due rows (SKIP LOCKED, with a lease), processes
 * them outside any lock, and records each outcome. Woken at once by new
 * notifications; a poller is the backstop for retries and for rows left
 * behind by a process that died. While Intercom work is paused (the token
 * refused, intercom-authorization.ts) it claims nothing. On shutdown it stops claiming, lets
 * in-flight work finish within a bound, and hands back the rest.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxWorker.name);
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly inFlight = new Map<number, Promise<void>>();
  private claiming = false;
  private claimAgain = false;
  private stopped = true;
  private pollTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly events: EventEmitter2,
    @Inject(inboxConfig.KEY) private readonly config: ConfigType<typeof inboxConfig>,
    @Inject(mysqlConfig.KEY) private readonly mysql: ConfigType<typeof mysqlConfig>,
    private readonly handlers: NotificationHandlerRegistry,
    private readonly authorization: IntercomAuthorization,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workerEnabled) return;
    this.start();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pollTimer = setInterval(() => this.wake(), this.config.pollIntervalMs);
    this.renewTimer = setInterval(
      () => void this.renewLeases(),
      Math.max(1000, this.config.leaseMs / 3),
    );
    this.pollTimer.unref();
    this.renewTimer.unref();
    this.wake();
  }

  /** Looks for due work now. Cheap to call often: concurrent calls fold into one claim. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    void this.claimLoop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops claiming, waits up to the drain bound for in-flight work, then hands back what is left. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.renewTimer);
    const drained = await Promise.race([
      this.idle().then(() => true),
      new Promise<false>((resolve) =>
        setTimeout(() => resolve(false), this.config.drainTimeoutMs).unref(),
      ),
    ]);
    try {
      // Also covers a claim that was already on its way when the stop began.
      const released = await withTimeout(
        this.inbox.releaseAll(this.owner),
        Math.min(this.mysql.queryTimeoutMs, HAND_BACK_TIMEOUT_MS),
        'inbox release',
      );
      if (!drained || released > 0) {
        this.logger.warn({
          msg: 'Shutdown: handed back unfinished notifications',
          count: released,
        });
      }
    } catch (error) {
      // Their leases expire on their own; another instance takes them then.
      this.logger.error({
        msg: 'Shutdown: could not hand back notifications',
        error: describeError(error),
      });
    }
  }

  /** Resolves when nothing is in flight (for tests and the CLI). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.claiming) {
      await Promise.allSettled([...this.inFlight.values()]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async claimLoop(): Promise<void> {
    this.claiming = true;
    try {
      do {
        this.claimAgain = false;
        const room = this.config.concurrency - this.inFlight.size;
        if (room <= 0 || this.stopped) break;
        // While Intercom refuses the token nothing is claimed (no attempt spent, no lease taken);
        // rows already held wait for the switch with their leases renewed. The poller claims again
        // once a probe succeeds.
        if (!this.authorization.authorized) break;
        const claimed = await this.db(
          'claim',
          this.inbox.claim(this.owner, room, this.config.leaseMs),
        );
        for (const notification of claimed) this.track(notification);
        // A full claim means more may be waiting.
        if (claimed.length === room) this.claimAgain = true;
      } while (this.claimAgain && !this.stopped);
    } catch (error) {
      this.logger.error({ msg: 'Inbox claim failed', error: describeError(error) });
    } finally {
      this.claiming = false;
    }
  }

  private track(notification: ClaimedNotification): void {
    const work = this.process(notification).finally(() => {
      this.inFlight.delete(notification.id);
      this.wake();
    });
    this.inFlight.set(notification.id, work);
  }

  private async process(notification: ClaimedNotification): Promise<void> {
    let outcome: NotificationOutcome;
    let failure: unknown;
    try {
      outcome = { state: 'done', reason: await this.run(notification) };
    } catch (error) {
      failure = error;
      outcome = outcomeOfFailure(error, notification.attempts, this.config);
    }
    const recorded = await this.record(notification, outcome);
    if (recorded && outcome.state === 'failed') await this.reportFailed(notification, failure);
  }

  /** Lets the handler tell whoever waits (the agent on the conversation) that this failed for good. */
  private async reportFailed(notification: ClaimedNotification, error: unknown): Promise<void> {
    const handler = this.handlers.get(notification.topic);
    if (!handler?.onFailed) return;
    try {
      await handler.onFailed(JSON.parse(notification.payload), this.contextOf(notification), error);
    } catch (hookError) {
      this.logger.warn({
        msg: 'Could not report a failed notification',
        notification_id: notification.notificationId,
        error: describeError(hookError),
      });
    }
  }

  private contextOf(notification: ClaimedNotification): NotificationContext {
    return { notificationId: notification.notificationId, topic: notification.topic };
  }

  /**
   * Writes the outcome, trying again while the database cannot take it; true when it
   * was recorded (false: the lease was lost, or the worker stopped first). Why:
   * the work is done, and recording it a little late beats redoing it once
   * the lease has expired. The row stays in flight meanwhile, so its lease
   * keeps being renewed. On shutdown it gives up: the lease then expires and
   * the row is processed again, so nothing is lost either way.
   */
  private async record(
    notification: ClaimedNotification,
    outcome: NotificationOutcome,
  ): Promise<boolean> {
    const { id, notificationId } = notification;
    for (let attempt = 0; ; attempt++) {
      try {
        const recorded = await this.db(outcome.state, this.write(id, outcome));
        if (recorded) {
          reportOutcome(this.logger, this.events, notification, outcome);
        } else {
          // Our lease expired and another owner took the row: its outcome is the one that counts.
          this.logger.warn({
            msg: 'Notification outcome not recorded: lease lost',
            notification_id: notificationId,
          });
        }
        return recorded;
      } catch (error) {
        if (this.stopped) {
          this.logger.error({
            msg: 'Could not record a notification outcome; it will be processed again',
            notification_id: notificationId,
            error: describeError(error),
          });
          return false;
        }
        if (attempt === 0) {
          this.logger.warn({
            msg: 'Could not record a notification outcome, trying again',
            notification_id: notificationId,
            error: describeError(error),
          });
        }
        await sleep(Math.min(RECORD_RETRY_FIRST_MS * 2 ** attempt, RECORD_RETRY_MAX_MS));
      }
    }
  }

  private write(id: number, outcome: NotificationOutcome): Promise<boolean> {
    switch (outcome.state) {
      case 'done':
        return this.inbox.complete(id, this.owner, outcome.reason);
      case 'retry':
        return this.inbox.retryLater(id, this.owner, outcome.delayMs, outcome.error);
      case 'failed':
        return this.inbox.fail(id, this.owner, outcome.error);
    }
  }

  private async run(notification: ClaimedNotification): Promise<string> {
    const handler = this.handlers.get(notification.topic);
    if (!handler) return 'topic_not_handled';
    let payload: unknown;
    try {
      payload = JSON.parse(notification.payload);
    } catch {
      return 'unreadable_payload';
    }
    return handler.handle(payload, this.contextOf(notification));
  }

  /**
   * Every inbox operation is bounded: a connection that dies mid-query must
   * not leave the worker waiting forever (leases and fencing keep the rows safe).
   */
  private db<T>(operation: string, work: Promise<T>): Promise<T> {
    return withTimeout(work, this.mysql.queryTimeoutMs, `inbox ${operation}`);
  }

  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    try {
      await this.db(
        'renew',
        this.inbox.renew(this.owner, [...this.inFlight.keys()], this.config.leaseMs),
      );
    } catch (error) {
      this.logger.warn({ msg: 'Could not renew inbox leases', error: describeError(error) });
    }
  }
}
