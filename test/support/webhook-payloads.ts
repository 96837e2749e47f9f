import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueId } from './unique';

const SAMPLES = join(__dirname, '..', 'fixtures', 'intercom', 'webhook-samples');

/** One of Intercom's real notifications (test/fixtures/intercom/webhook-samples), as sent. */
export function rawSample(name: string): Buffer {
  return readFileSync(join(SAMPLES, name));
}

/** One of Intercom's real notifications, parsed. */
export function sample(name: string): Record<string, unknown> {
  return JSON.parse(rawSample(name).toString('utf8')) as Record<string, unknown>;
}

let counter = 0;

/** A 2.x-shaped conversation notification whose author is `contactId`. */
export function conversationNotification(
  contactId: string,
  options: { topic?: string; id?: string; authorType?: string; conversationId?: string } = {},
): Record<string, unknown> {
  counter += 1;
  const conversationId = options.conversationId ?? `conv-${counter}`;
  return {
    type: 'notification_event',
    id: options.id ?? uniqueId('notif'),
    topic: options.topic ?? 'conversation.user.replied',
    app_id: 'test-app',
    data: {
      type: 'notification_event_data',
      item: {
        type: 'conversation',
        id: conversationId,
        created_at: 1_700_000_000,
        source: {
          type: 'conversation',
          id: conversationId,
          author: { type: options.authorType ?? 'user', id: contactId },
        },
        contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: contactId }] },
      },
    },
    links: {},
    delivered_as: 'webhook',
    created_at: 1_700_000_000,
    self: null,
  };
}
