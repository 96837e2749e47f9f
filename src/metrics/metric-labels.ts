import type { WebhookReceiveResult } from '../intercom/events/intercom.events';

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
 * handlers' fixed set), else the error's class from describeError's
 * `Name[ CODE]: message`, never the message (it holds ids and addresses).
 */
export function settledReasonLabel(state: 'done' | 'retry' | 'failed', reason: string): string {
  if (state === 'done') return reason;
  return /^[A-Za-z][A-Za-z0-9]{0,63}(?=[\s:]|$)/.exec(reason)?.[0] ?? 'Error';
}
