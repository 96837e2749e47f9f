import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { InboxNotificationsDeletedEvent } from '../intercom/events';
import { METRIC } from './metric-names';

/** Counts the inbox rows the retention purge deleted. */
@Injectable()
export class InboxRetentionMetricsListener implements OnModuleInit {
  constructor(@InjectMetric(METRIC.inboxDeleted) private readonly deleted: Counter<string>) {}

  /** Both series exist from the start, at 0, so `increase()` sees the first deletions. */
  onModuleInit(): void {
    this.deleted.inc({ state: 'done' }, 0);
    this.deleted.inc({ state: 'failed' }, 0);
  }

  @OnEvent(InboxNotificationsDeletedEvent.name)
  onDeleted(event: InboxNotificationsDeletedEvent): void {
    this.deleted.inc({ state: event.state }, event.count);
  }
}
