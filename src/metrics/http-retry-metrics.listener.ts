import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import {
  HttpCallRetriedEvent,
  type HttpDependency,
} from '../common/http/retry/http-call-retried.event';
import type { RetryReason } from '../common/http/retry/retrying-fetch';
import { METRIC } from './metric-names';

const DEPENDENCIES: readonly HttpDependency[] = ['supabase', 'intercom'];
const REASONS: readonly RetryReason[] = ['connection_reset', 'not_connected', 'retry_after'];

/** Counts the calls to Supabase and Intercom that retrying-fetch.ts sent again. */
@Injectable()
export class HttpRetryMetricsListener implements OnModuleInit {
  constructor(@InjectMetric(METRIC.httpRetries) private readonly retries: Counter<string>) {}

  onModuleInit(): void {
    // Every series exists from the start at 0, so that increase() sees the first retry.
    for (const dependency of DEPENDENCIES) {
      for (const reason of REASONS) this.retries.inc({ dependency, reason }, 0);
    }
  }

  @OnEvent(HttpCallRetriedEvent.name)
  onRetried(event: HttpCallRetriedEvent): void {
    this.retries.inc({ dependency: event.dependency, reason: event.reason });
  }
}
