import type {
  StoredConversation,
  StoredTag,
} from '../../test/support/intercom-double/intercom-double';

/**
 * `conversation_part.tag.created` in the 2.x shape: the conversation with its
 * contact, custom attributes and tags, and the tag just added (`tags_added`)
 * with the admin who added it.
 */
export function tagAddedNotification(
  conversation: StoredConversation,
  tag: StoredTag,
  adminId: string,
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const applied = {
    type: 'tag',
    id: tag.id,
    name: tag.name,
    applied_at: now,
    applied_by: { type: 'admin', id: adminId },
  };
  const author = conversation.source.author;
  return {
    type: 'notification_event',
    id: `notif_sandbox_${now}_tag_${conversation.id}`,
    topic: 'conversation_part.tag.created',
    app_id: 'sandbox',
    created_at: now,
    delivered_as: 'webhook',
    links: {},
    self: null,
    data: {
      type: 'notification_event_data',
      item: {
        type: 'conversation',
        id: conversation.id,
        created_at: conversation.created_at,
        updated_at: now,
        source: {
          type: 'conversation',
          id: conversation.source.id,
          author: { type: author.type, id: author.id, name: author.name, email: author.email },
        },
        contacts: {
          type: 'contact.list',
          contacts: conversation.contact_ids.map((id) => ({ type: 'contact', id })),
        },
        custom_attributes: conversation.custom_attributes,
        tags: { type: 'tag.list', tags: [applied] },
        tags_added: { type: 'tag.list', tags: [applied] },
      },
    },
  };
}
