import type { NotificationHandler } from './notification-handler';
import { NotificationHandlerRegistry } from './notification-handler.registry';

function handler(topics: string[], internalOnly?: boolean): NotificationHandler {
  return { topics, internalOnly, handle: () => Promise.resolve('done') };
}

describe('NotificationHandlerRegistry', () => {
  const enrichment = handler(['conversation.user.created']);
  const cardSync = handler(['member_card.sync'], true);
  const registry = new NotificationHandlerRegistry();
  registry.register(enrichment);
  registry.register(cardSync);

  it('accepts from the webhook the topics a handler works on', () => {
    expect(registry.handlesWebhook('conversation.user.created')).toBe(true);
    expect(registry.get('conversation.user.created')).toBe(enrichment);
  });

  it('ignores topics no handler works on', () => {
    expect(registry.handlesWebhook('ping')).toBe(false);
    expect(registry.get('ping')).toBeUndefined();
  });

  it('never accepts from the webhook a topic the service records itself, though the inbox still works it', () => {
    expect(registry.handlesWebhook('member_card.sync')).toBe(false);
    expect(registry.get('member_card.sync')).toBe(cardSync);
  });
});
