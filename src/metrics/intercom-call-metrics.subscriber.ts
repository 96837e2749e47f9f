import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { IntercomCallObserver } from '../intercom/gateway/intercom-call.observer';
import { METRIC } from './metric-names';

/** Turns each Intercom call the gateway reports into its latency and rate-limit wait. */
@Injectable()
export class IntercomCallMetricsSubscriber implements OnModuleInit {
  constructor(
    private readonly observer: IntercomCallObserver,
    @InjectMetric(METRIC.intercomRequestDuration) private readonly duration: Histogram<string>,
    @InjectMetric(METRIC.intercomRateLimitWait) private readonly rateLimitWait: Histogram<string>,
  ) {}

  onModuleInit(): void {
    this.observer.subscribe((call) => {
      this.duration.observe(
        { method: call.method, endpoint: call.endpoint, status: String(call.status) },
        call.durationMs / 1000,
      );
      this.rateLimitWait.observe(call.rateLimitWaitMs / 1000);
    });
  }
}
