import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { MysqlConnectionDiscardedEvent } from '../common/database/mysql-connection.events';
import { METRIC } from './metric-names';

const REASONS = ['timeout', 'error', 'suspect_idle'] as const;

/** Counts the pooled MySQL connections the pool's watchdog discarded. */
@Injectable()
export class MysqlConnectionMetricsListener implements OnModuleInit {
  constructor(
    @InjectMetric(METRIC.mysqlConnectionsDiscarded) private readonly discarded: Counter<string>,
  ) {}

  /** Every series exists from the start, at 0, so `increase()` sees the first discard. */
  onModuleInit(): void {
    for (const reason of REASONS) this.discarded.inc({ reason }, 0);
  }

  @OnEvent(MysqlConnectionDiscardedEvent.name)
  onDiscarded(event: MysqlConnectionDiscardedEvent): void {
    this.discarded.inc({ reason: event.reason });
    if (event.idleClosed > 0) this.discarded.inc({ reason: 'suspect_idle' }, event.idleClosed);
  }
}
