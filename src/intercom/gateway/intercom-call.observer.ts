import { Injectable } from '@nestjs/common';
import type { IntercomCallRecord } from './throttled-fetch';

type Listener<T> = (event: T) => void;

/** A write that Intercom refused for a custom data attribute the workspace does not have. */
export interface MissingAttributeRecord {
  /** The attribute's name, e.g. `facility`. */
  attribute: string;
  /** The call that met it, e.g. `PUT contact`. */
  operation: string;
}

/**
 * Where the gateway reports each call it made, and each attribute the workspace
 * lacked. Metrics and the workspace check subscribe here, so the gateway knows
 * nothing about Prometheus.
 */
@Injectable()
export class IntercomCallObserver {
  private readonly callListeners: Array<Listener<IntercomCallRecord>> = [];
  private readonly missingListeners: Array<Listener<MissingAttributeRecord>> = [];

  subscribe(listener: Listener<IntercomCallRecord>): void {
    this.callListeners.push(listener);
  }

  subscribeMissingAttribute(listener: Listener<MissingAttributeRecord>): void {
    this.missingListeners.push(listener);
  }

  record(record: IntercomCallRecord): void {
    for (const listener of this.callListeners) listener(record);
  }

  missingAttribute(record: MissingAttributeRecord): void {
    for (const listener of this.missingListeners) listener(record);
  }
}
