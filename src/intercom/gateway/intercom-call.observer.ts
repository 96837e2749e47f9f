import { Injectable } from '@nestjs/common';
import type { IntercomCallRecord } from './throttled-fetcher';

type Listener = (record: IntercomCallRecord) => void;

/**
 * Where the gateway reports each call it made. Metrics subscribe here, so
 * the gateway knows nothing about Prometheus.
 */
@Injectable()
export class IntercomCallObserver {
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  record(record: IntercomCallRecord): void {
    for (const listener of this.listeners) listener(record);
  }
}
