/**
 * JSON shapes of the 2.11 description (schemas `contact`, `conversation`, `tag`,
 * `admin_with_app`, `data_attribute`, ...) built from the store's records. Fields the double does not model
 * carry the values Intercom shows for a fresh record (null, false, empty lists).
 */
import type {
  AppliedTag,
  IntercomStore,
  StoredAdmin,
  StoredContact,
  StoredConversation,
  StoredDataAttribute,
  StoredNote,
  StoredTag,
} from './intercom-store';

export const WORKSPACE_ID = 'intercomdouble';

const emptyList = (url: string) => ({
  type: 'list',
  data: [],
  url,
  total_count: 0,
  has_more: false,
});

export function contactView(contact: StoredContact) {
  const email = contact.email ?? '';
  return {
    type: 'contact',
    id: contact.id,
    workspace_id: WORKSPACE_ID,
    external_id: contact.external_id,
    role: contact.role,
    // Intercom sends "" for a contact without email (see the webhook samples).
    email,
    email_domain: email.includes('@') ? email.slice(email.indexOf('@') + 1) : '',
    phone: contact.phone,
    formatted_phone: contact.phone,
    name: contact.name,
    avatar: null,
    owner_id: null,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: contact.created_at,
    updated_at: contact.updated_at,
    signed_up_at: contact.signed_up_at,
    last_seen_at: null,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: null,
    browser_version: null,
    browser_language: null,
    os: null,
    location: {
      type: 'location',
      country: null,
      region: null,
      city: null,
      country_code: null,
      continent_code: null,
    },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: { ...contact.custom_attributes },
    tags: emptyList(`/contacts/${contact.id}/tags`),
    notes: emptyList(`/contacts/${contact.id}/notes`),
    companies: emptyList(`/contacts/${contact.id}/companies`),
    opted_out_subscription_types: emptyList(`/contacts/${contact.id}/subscriptions`),
    opted_in_subscription_types: emptyList(`/contacts/${contact.id}/subscriptions`),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
  };
}

/** Schema `contact_archived` / `contact_unarchived`. */
export function contactArchivedView(contact: StoredContact) {
  return {
    type: 'contact',
    id: contact.id,
    external_id: contact.external_id,
    archived: contact.archived,
  };
}

/** Schema `tag`; `applied` is null where the tag is listed rather than applied (GET /tags). */
export function tagView(tag: StoredTag, applied: AppliedTag | null) {
  return {
    type: 'tag',
    id: tag.id,
    name: tag.name,
    applied_at: applied ? applied.applied_at : null,
    applied_by: applied ? { ...applied.applied_by } : null,
  };
}

/**
 * Schema `conversation_part` for an internal note. The author's name and email come from
 * the store's admin when the ids match; the schema requires an email, so another admin
 * gets a placeholder one.
 */
export function notePartView(note: StoredNote, admin: StoredAdmin) {
  const known = note.adminId === admin.id;
  return {
    type: 'conversation_part',
    id: note.partId,
    part_type: 'note',
    body: note.body,
    created_at: note.createdAt,
    updated_at: note.createdAt,
    notified_at: note.createdAt,
    assigned_to: null,
    author: {
      type: 'admin',
      id: note.adminId,
      name: known ? admin.name : null,
      email: known ? admin.email : `admin-${note.adminId}@intercom-double.test`,
    },
    attachments: [],
    external_id: null,
    redacted: false,
  };
}

/**
 * Schema `conversation`. `first_contact_reply`, `statistics` and `conversation_rating` are
 * left out: the schema types them as non-nullable objects (Intercom sends null).
 */
export function conversationView(conversation: StoredConversation, store: IntercomStore) {
  const notes = store.noteParts(conversation.id);
  const { admin } = store;
  return {
    type: 'conversation',
    id: conversation.id,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    waiting_since: null,
    snoozed_until: null,
    source: {
      ...conversation.source,
      author: { ...conversation.source.author },
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: {
      type: 'contact.list',
      contacts: conversation.contact_ids.map((id) => ({
        type: 'contact',
        id,
        external_id: store.getContact(id)?.external_id ?? null,
      })),
    },
    admin_assignee_id: conversation.admin_assignee_id,
    team_assignee_id: conversation.team_assignee_id,
    open: conversation.state === 'open',
    state: conversation.state,
    read: conversation.read,
    tags: {
      type: 'tag.list',
      tags: conversation.tags.flatMap((applied) => {
        const tag = store.tag(applied.id);
        return tag ? [tagView(tag, applied)] : [];
      }),
    },
    priority: conversation.priority,
    sla_applied: null,
    teammates: { type: 'admin.list', teammates: [] },
    title: conversation.title,
    custom_attributes: { ...conversation.custom_attributes },
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
    // The only parts the double models are internal notes (POST /conversations/{id}/reply).
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: notes.map((note) => notePartView(note, admin)),
      total_count: notes.length,
    },
  };
}

/**
 * Schema `data_attribute`. `full_name` is `custom_attributes.<name>` for custom
 * attributes (the description's examples); `id`, `admin_id` and the timestamps only
 * exist for custom ones.
 */
export function dataAttributeView(attribute: StoredDataAttribute) {
  return {
    type: 'data_attribute',
    ...(attribute.id !== null && { id: attribute.id }),
    model: 'contact',
    name: attribute.name,
    full_name: attribute.custom ? `custom_attributes.${attribute.name}` : attribute.name,
    label: attribute.label,
    description: attribute.description,
    data_type: attribute.data_type,
    ...(attribute.options.length > 0 && { options: [...attribute.options] }),
    api_writable: true,
    // As in the description's examples.
    ui_writable: false,
    messenger_writable: !attribute.custom,
    custom: attribute.custom,
    archived: attribute.archived,
    ...(attribute.admin_id !== null && { admin_id: attribute.admin_id }),
    ...(attribute.created_at !== null && { created_at: attribute.created_at }),
    ...(attribute.updated_at !== null && { updated_at: attribute.updated_at }),
  };
}

/** Schema `admin_with_app` (GET /me). */
export function adminView(admin: StoredAdmin) {
  return {
    type: 'admin',
    id: admin.id,
    email: admin.email,
    name: admin.name,
    email_verified: true,
    job_title: '',
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
    avatar: { type: 'avatar', image_url: null },
    app: {
      type: 'app',
      id_code: WORKSPACE_ID,
      name: 'Intercom test double',
      created_at: 1_700_000_000,
      secure: false,
      identity_verification: false,
      timezone: 'UTC',
      region: 'US',
    },
  };
}
