import { MEMBER_CONTACT_ATTRIBUTES } from '../intercom/enrichment';
import type { WebhookReceiveResult } from '../intercom/events';

const SERVICE_ATTRIBUTES: ReadonlySet<string> = new Set(
  MEMBER_CONTACT_ATTRIBUTES.map((attribute) => attribute.name),
);

/** The attribute labels that can appear: the service's own attributes, and `other`. */
export const MISSING_ATTRIBUTE_LABELS: readonly string[] = [...SERVICE_ATTRIBUTES, 'other'];

/**
 * The attribute label of a missing custom attribute: one the service writes
 * (a fixed set) is named, anything else Intercom may quote is `other`.
 */
export function missingAttributeLabel(attribute: string): string {
  return SERVICE_ATTRIBUTES.has(attribute) ? attribute : 'other';
}

/**
 * The topic label of a received notification. Every label value makes a
 * time series, and a topic is whatever the sender wrote: only topics the
 * service records (a fixed set) and `ping` are named, anything else is `other`.
 */
export function receivedTopicLabel(topic: string | null, result: WebhookReceiveResult): string {
  if (topic === null) return 'unknown';
  if (result === 'recorded' || result === 'unavailable' || topic === 'ping') return topic;
  return 'other';
}

/**
 * The reason label of a processing attempt: the outcome of a done row (the
 * handlers' fixed set: its first word, before any `: detail`), else the error's
 * class from describeError's `Name[ CODE]: message`, never the message or the
 * detail (they hold ids and addresses).
 */
export function settledReasonLabel(state: 'done' | 'retry' | 'failed', reason: string): string {
  if (state === 'done') return /^[A-Za-z0-9_]{1,64}/.exec(reason)?.[0] ?? 'done';
  return /^[A-Za-z][A-Za-z0-9]{0,63}(?=[\s:]|$)/.exec(reason)?.[0] ?? 'Error';
}

/** The attribute labels of member sync writes: the service's attributes, `phone`, and `other`. */
export const SYNC_ATTRIBUTE_LABELS: readonly string[] = [...SERVICE_ATTRIBUTES, 'phone', 'other'];

/** The attribute label of a difference the member sync wrote. */
export function syncAttributeLabel(attribute: string): string {
  return SYNC_ATTRIBUTE_LABELS.includes(attribute) ? attribute : 'other';
}
