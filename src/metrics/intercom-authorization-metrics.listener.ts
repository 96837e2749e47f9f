import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import {
  IntercomAuthorization,
  IntercomAuthorizationPausedEvent,
  IntercomAuthorizationResumedEvent,
} from '../intercom/gateway';
import { METRIC } from './metric-names';

/** Whether Intercom accepts the access token (a gauge) and how often it stopped (a counter). */
@Injectable()
export class IntercomAuthorizationMetricsListener implements OnModuleInit {
  constructor(
    private readonly authorization: IntercomAuthorization,
    @InjectMetric(METRIC.intercomAuthorized) private readonly authorized: Gauge<string>,
    @InjectMetric(METRIC.intercomAuthorizationPauses) private readonly pauses: Counter<string>,
  ) {}

  onModuleInit(): void {
    this.authorized.set(this.authorization.authorized ? 1 : 0);
    // Every series exists from the start at 0, so that increase() sees the first pause.
    for (const status of ['401', '403']) this.pauses.inc({ status }, 0);
  }

  @OnEvent(IntercomAuthorizationPausedEvent.name)
  onPaused(event: IntercomAuthorizationPausedEvent): void {
    this.authorized.set(0);
    this.pauses.inc({ status: String(event.status) });
  }

  @OnEvent(IntercomAuthorizationResumedEvent.name)
  onResumed(): void {
    this.authorized.set(1);
  }
}
