import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { intercomConfig } from '../common/config/intercom.config';
import { memberSyncConfig } from '../common/config/member-sync.config';
import { describeError } from '../intercom/inbox';
import { MemberSyncService } from './member-sync.service';

/** Longest wait on shutdown for the members in hand (their contacts' writes) to finish. */
const SHUTDOWN_WAIT_MS = 10_000;

/** Resolves after `ms` without keeping the process alive. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs the member sync every MEMBER_SYNC_INTERVAL_MS (counted from the start of
 * one round to the start of the next; a round still running makes the next one
 * skip), the first one interval after start. Only the service imports it, never
 * the CLI. On shutdown it lets the members in hand finish and starts no other.
 */
@Injectable()
export class MemberSyncScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MemberSyncScheduler.name);
  private readonly stop = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly sync: MemberSyncService,
    @Inject(memberSyncConfig.KEY) private readonly config: ConfigType<typeof memberSyncConfig>,
    @Inject(intercomConfig.KEY) private readonly intercom: ConfigType<typeof intercomConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.enabled) {
      this.logger.log({ msg: 'Member sync disabled (MEMBER_SYNC_ENABLED=false)' });
      return;
    }
    if (!this.intercom.accessToken) {
      // Nothing can be read from Intercom in a dry run; the gateway says so at start.
      this.logger.warn({ msg: 'Member sync idle: Intercom dry run (no INTERCOM_ACCESS_TOKEN)' });
      return;
    }
    this.logger.log({
      msg: 'Member sync scheduled',
      interval_ms: this.config.intervalMs,
      full_at_utc: this.config.fullAt,
    });
    this.scheduleNext(this.config.intervalMs);
    void this.publishStatus();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    clearTimeout(this.timer);
    if (!this.running) return;
    await Promise.race([this.running, pause(SHUTDOWN_WAIT_MS)]);
  }

  /** One round now, unless one is running (then that one is joined). For tests and the timer. */
  runOnce(): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private scheduleNext(delayMs: number): void {
    if (this.stop.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.scheduleNext(this.config.intervalMs);
      void this.runOnce();
    }, delayMs);
    this.timer.unref();
  }

  /** Never rejects: a failed round is logged (by the service) and the next one tries again. */
  private async round(): Promise<void> {
    try {
      const reports = await this.sync.runScheduled(this.config.fullAtMinutes, this.stop.signal);
      if (reports === null) {
        this.logger.debug({ msg: 'Member sync skipped: another instance is running it' });
      }
    } catch (error) {
      this.logger.debug({ msg: 'Member sync round failed', error: describeError(error) });
    }
    await this.publishStatus();
  }

  private async publishStatus(): Promise<void> {
    try {
      await this.sync.publishStatus();
    } catch (error) {
      this.logger.debug({ msg: 'Member sync status unavailable', error: describeError(error) });
    }
  }
}
