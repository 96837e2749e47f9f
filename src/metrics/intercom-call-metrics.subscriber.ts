import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { ATTRIBUTE_REFUSAL_REASONS, IntercomCallObserver } from '../intercom/gateway';
import { MISSING_ATTRIBUTE_LABELS, missingAttributeLabel } from './metric-labels';
import { METRIC } from './metric-names';

/**
 * Turns each Intercom call the gateway reports into its latency and rate-limit
 * wait, each custom attribute a write met missing, and each attribute value left out of a
 * write (by reason), into counts.
 */
@Injectable()
export class IntercomCallMetricsSubscriber implements OnModuleInit {
  constructor(
    private readonly observer: IntercomCallObserver,
    @InjectMetric(METRIC.intercomRequestDuration) private readonly duration: Histogram<string>,
    @InjectMetric(METRIC.intercomRateLimitWait) private readonly rateLimitWait: Histogram<string>,
    @InjectMetric(METRIC.intercomMissingAttribute)
    private readonly missingAttribute: Counter<string>,
    @InjectMetric(METRIC.intercomRefusedAttribute)
    private readonly refusedAttribute: Counter<string>,
  ) {}

  onModuleInit(): void {
    this.observer.subscribe((call) => {
      this.duration.observe(
        { method: call.method, endpoint: call.endpoint, status: String(call.status) },
        call.durationMs / 1000,
      );
      this.rateLimitWait.observe(call.rateLimitWaitMs / 1000);
    });
    // Every series exists from the start at 0, so that increase() sees the first one.
    for (const attribute of MISSING_ATTRIBUTE_LABELS) this.missingAttribute.inc({ attribute }, 0);
    this.observer.subscribeMissingAttribute(({ attribute }) => {
      this.missingAttribute.inc({ attribute: missingAttributeLabel(attribute) });
    });
    for (const attribute of MISSING_ATTRIBUTE_LABELS) {
      for (const reason of ATTRIBUTE_REFUSAL_REASONS)
        this.refusedAttribute.inc({ attribute, reason }, 0);
    }
    this.observer.subscribeRefusedAttribute(({ attribute, reason }) => {
      this.refusedAttribute.inc({ attribute: missingAttributeLabel(attribute), reason });
    });
  }
}
