/** Signed Intercom notifications, each with its own id, as Intercom sends them. */
import { signBody } from '../../src/intercom/webhook/webhook-signature';
import { conversationNotification } from '../../test/support/webhook-payloads';
import { BENCH_CLIENT_SECRET } from './constants';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** A contact id shaped like Intercom's (24 hex digits). */
export function fakeContactId(n: number): string {
  return `b3c0${n.toString(16).padStart(20, '0')}`;
}

export function signedNotification(notificationId: string, contactId: string): SignedRequest {
  const body = JSON.stringify(conversationNotification(contactId, { id: notificationId }));
  return { body, headers: { 'x-hub-signature': signBody(body, BENCH_CLIENT_SECRET) } };
}

/** An endless supply of distinct notifications: `<prefix>-1`, `<prefix>-2`, … */
export function notificationStream(prefix: string): () => SignedRequest {
  let n = 0;
  return () => {
    n += 1;
    return signedNotification(`${prefix}-${n}`, fakeContactId(n));
  };
}
