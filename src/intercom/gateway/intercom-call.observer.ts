import { Injectable } from '@nestjs/common';
import type { AttributeRefusalReason } from './attribute-refusal';
import type { IntercomCallRecord } from './throttled-fetch';

type Listener<T> = (event: T) => void;

/** A write that Intercom refused for a custom data attribute the workspace does not have. */
export interface MissingAttributeRecord {
  /** The attribute's name, e.g. `facility`. */
  attribute: string;
  /** The call that met it, e.g. `PUT contact`. */
  operation: string;
}

/** A custom attribute left out of a contact write that went ahead, and why. */
export interface RefusedAttributeRecord extends MissingAttributeRecord {
  reason: AttributeRefusalReason;
  /** The contact written (for a create, the one created). */
  contactId: string;
}

/**
 * Where the gateway reports each call it made, each attribute the workspace
 * lacked, and each attribute value left out of a write. Metrics and the workspace check subscribe here, so the gateway knows
 * nothing about Prometheus.
 */
@Injectable()
export class IntercomCallObserver {
  private readonly callListeners: Array<Listener<IntercomCallRecord>> = [];
  private readonly missingListeners: Array<Listener<MissingAttributeRecord>> = [];
  private readonly refusedListeners: Array<Listener<RefusedAttributeRecord>> = [];

  subscribe(listener: Listener<IntercomCallRecord>): void {
    this.callListeners.push(listener);
  }

  subscribeMissingAttribute(listener: Listener<MissingAttributeRecord>): void {
    this.missingListeners.push(listener);
  }

  subscribeRefusedAttribute(listener: Listener<RefusedAttributeRecord>): void {
    this.refusedListeners.push(listener);
  }

  record(record: IntercomCallRecord): void {
    for (const listener of this.callListeners) listener(record);
  }

  missingAttribute(record: MissingAttributeRecord): void {
    for (const listener of this.missingListeners) listener(record);
  }

  /** An attribute left out of a write; one the workspace lacks is a missing attribute too. */
  refusedAttribute(record: RefusedAttributeRecord): void {
    for (const listener of this.refusedListeners) listener(record);
    if (record.reason === 'unknown_attribute') {
      this.missingAttribute({ attribute: record.attribute, operation: record.operation });
    }
  }
}
