import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { IntercomModule } from '../intercom';
import { HttpRetryMetricsListener } from './http-retry-metrics.listener';
import { INBOX_STATS_MAX_AGE_MS, InboxMetricsCollector } from './inbox-metrics.collector';
import { InboxRetentionMetricsListener } from './inbox-retention-metrics.listener';
import { IntercomAuthorizationMetricsListener } from './intercom-authorization-metrics.listener';
import { IntercomCallMetricsSubscriber } from './intercom-call-metrics.subscriber';
import { MemberSyncMetricsListener } from './member-sync-metrics.listener';
import { METRIC_PROVIDERS } from './metric.providers';
import { MetricsController } from './metrics.controller';
import { MysqlConnectionMetricsListener } from './mysql-connection-metrics.listener';
import { NotificationMetricsListener } from './notification-metrics.listener';
import { SearchWalkMetricsListener } from './search-walk-metrics.listener';

/** Scrapes read the inbox at most this often; Prometheus usually scrapes every 15 to 60 s. */
const INBOX_STATS_CACHE_MS = 5_000;

/**
 * GET /api/metrics (the global prefix adds /api). Metrics are fed only by
 * domain events and the gateway's call observer: no feature module knows
 * Prometheus exists.
 */
@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      defaultMetrics: { enabled: true },
    }),
    IntercomModule,
  ],
  providers: [
    ...METRIC_PROVIDERS,
    { provide: INBOX_STATS_MAX_AGE_MS, useValue: INBOX_STATS_CACHE_MS },
    InboxMetricsCollector,
    NotificationMetricsListener,
    InboxRetentionMetricsListener,
    MemberSyncMetricsListener,
    SearchWalkMetricsListener,
    MysqlConnectionMetricsListener,
    IntercomCallMetricsSubscriber,
    IntercomAuthorizationMetricsListener,
    HttpRetryMetricsListener,
  ],
})
export class MetricsModule {}
