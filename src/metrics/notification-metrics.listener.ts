import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import {
  LookupCompletedEvent,
  NotificationSettledEvent,
  WebhookReceivedEvent,
} from '../intercom/events';
import { receivedTopicLabel, settledReasonLabel } from './metric-labels';
import { METRIC } from './metric-names';

/** Counts what the webhook route, the inbox worker and the lookup report through domain events. */
@Injectable()
export class NotificationMetricsListener {
  constructor(
    @InjectMetric(METRIC.webhookReceived) private readonly received: Counter<string>,
    @InjectMetric(METRIC.notificationsProcessed) private readonly processed: Counter<string>,
    @InjectMetric(METRIC.lookupRequests) private readonly lookups: Counter<string>,
  ) {}

  @OnEvent(WebhookReceivedEvent.name)
  onReceived(event: WebhookReceivedEvent): void {
    this.received.inc({
      topic: receivedTopicLabel(event.topic, event.result),
      result: event.result,
    });
  }

  @OnEvent(NotificationSettledEvent.name)
  onSettled(event: NotificationSettledEvent): void {
    this.processed.inc({
      topic: event.topic,
      outcome: event.state,
      reason: settledReasonLabel(event.state, event.reason),
    });
  }

  @OnEvent(LookupCompletedEvent.name)
  onLookup(event: LookupCompletedEvent): void {
    this.lookups.inc({ result: event.result });
  }
}
