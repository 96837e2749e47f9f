import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { InboxState, InboxRepository, describeError } from '../intercom/inbox';
import { InboxStatsCache, type InboxStats } from './inbox-stats.cache';
import { METRIC } from './metric-names';

/** How long one read of the inbox serves scrapes (ms); a provider so tests can set it to 0. */
export const INBOX_STATS_MAX_AGE_MS = Symbol('INBOX_STATS_MAX_AGE_MS');

/**
 * The inbox gauges, read from the database when Prometheus scrapes (through
 * a short cache) rather than kept in memory: every instance then reports the
 * whole shared inbox, and a restart loses nothing.
 *
 * The gauges belong to this provider's lifetime and are registered on start
 * and removed on shutdown, so that an application created again in the same
 * process (tests, the sandbox) never scrapes through a closed connection.
 */
@Injectable()
export class InboxMetricsCollector implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InboxMetricsCollector.name);
  private readonly cache: InboxStatsCache;
  private readonly gauges: Gauge[];

  constructor(inbox: InboxRepository, @Inject(INBOX_STATS_MAX_AGE_MS) maxAgeMs: number) {
    this.cache = new InboxStatsCache(() => inbox.stats(), maxAgeMs);
    const depth: Gauge = new Gauge({
      name: METRIC.inboxNotifications,
      help: 'Recorded notifications by state, across every instance sharing the database.',
      labelNames: ['state'],
      registers: [],
      collect: async () => {
        const stats = await this.read();
        if (!stats) return;
        for (const state of Object.values(InboxState)) depth.set({ state }, stats.counts[state]);
      },
    });
    const oldest: Gauge = new Gauge({
      name: METRIC.inboxOldestPendingAge,
      help: 'Age in seconds of the oldest notification not processed yet (0 when there is none).',
      registers: [],
      collect: async () => {
        const stats = await this.read();
        if (stats) oldest.set(stats.oldestPendingAgeSeconds);
      },
    });
    this.gauges = [depth, oldest];
  }

  onModuleInit(): void {
    for (const gauge of this.gauges) register.registerMetric(gauge);
  }

  onModuleDestroy(): void {
    for (const name of [METRIC.inboxNotifications, METRIC.inboxOldestPendingAge]) {
      register.removeSingleMetric(name);
    }
  }

  /** Undefined when the database does not answer: the gauges keep their last values, the scrape still succeeds. */
  private async read(): Promise<InboxStats | undefined> {
    try {
      return await this.cache.get();
    } catch (error) {
      this.logger.warn({ msg: 'Could not read inbox metrics', error: describeError(error) });
      return undefined;
    }
  }
}
