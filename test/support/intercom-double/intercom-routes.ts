/**
 * What the double does for each implemented operation of the description, keyed by
 * operationId. The request has already passed the OpenAPI check, so handlers only apply
 * Intercom's rules that the description cannot express (roles, duplicates, 404s, data
 * attributes, archived contacts, refused merges), as ../shared/intercom/FIELD-NOTES.md
 * describes them.
 */
import { SearchError, searchContacts } from './contact-search';
import { refuseCustomAttributes } from './custom-attribute-rules';
import type { SearchFaults } from './search-faults';
import {
  type DoubleResponse,
  errorList,
  errorResponse,
  faultBody,
  notImplemented,
  parameterInvalid,
  resourceNotFound,
  userNotFound,
} from './intercom-errors';
import type {
  ContactInput,
  ContactRole,
  CustomAttributes,
  CustomAttributeValue,
  DataAttributeType,
  IntercomStore,
} from './intercom-store';
import {
  adminView,
  contactArchivedView,
  contactView,
  conversationView,
  dataAttributeView,
  tagView,
} from './intercom-views';

export interface RouteContext {
  store: IntercomStore;
  /** Opt-in misbehaviour of contact search (search-faults.ts). */
  searchFaults?: SearchFaults;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export type RouteHandler = (ctx: RouteContext) => DoubleResponse;

const ok = (body: unknown): DoubleResponse => ({ status: 200, body });

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const optionalString = (value: unknown): string | null | undefined =>
  typeof value === 'string' || value === null ? value : undefined;

const optionalNumber = (value: unknown): number | null | undefined =>
  typeof value === 'number' || value === null ? value : undefined;

function isAttributeValue(value: unknown): value is CustomAttributeValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

/** Reads the contact fields the double models; a DoubleResponse when the input is refused. */
function contactInput(body: unknown): ContactInput | DoubleResponse {
  const raw = asRecord(body);
  let role: ContactRole | undefined;
  if (raw.role !== undefined) {
    if (raw.role !== 'user' && raw.role !== 'lead') {
      return parameterInvalid(`role must be "user" or "lead", got ${JSON.stringify(raw.role)}`);
    }
    role = raw.role;
  }
  let customAttributes: CustomAttributes | undefined;
  if (raw.custom_attributes !== undefined && raw.custom_attributes !== null) {
    customAttributes = {};
    for (const [key, value] of Object.entries(asRecord(raw.custom_attributes))) {
      if (!isAttributeValue(value)) {
        return parameterInvalid(
          `custom attribute ${key} must be a string, number, boolean or null`,
        );
      }
      customAttributes[key] = value;
    }
  }
  const email = optionalString(raw.email);
  return {
    role,
    email: email === null ? undefined : email,
    external_id: optionalString(raw.external_id),
    phone: optionalString(raw.phone),
    name: optionalString(raw.name),
    signed_up_at: optionalNumber(raw.signed_up_at),
    custom_attributes: customAttributes,
  };
}

const isResponse = (value: ContactInput | DoubleResponse): value is DoubleResponse =>
  'status' in value;

const conflict = (message: string): DoubleResponse => ({
  status: 409,
  body: errorList({ code: 'conflict', message }),
});

/** The contact GET/PUT can address: archived contacts answer 404 like unknown ones (FIELD-NOTES). */
function liveContact(store: IntercomStore, id: string) {
  const contact = store.getContact(id);
  return contact && !contact.archived ? contact : undefined;
}

export const intercomRoutes: Record<string, RouteHandler> = {
  identifyAdmin: ({ store }) => ok(adminView(store.admin)),

  ShowContact: ({ store, params }) => {
    // FIELD-NOTES: an archived contact answers 404 to GET, as does one deleted for good.
    const contact = liveContact(store, params.contact_id);
    return contact ? ok(contactView(contact)) : userNotFound();
  },

  /**
   * Unknown custom attributes and over-long values refuse the whole create; a user whose
   * email or external id matches a live user answers 409 naming it, one matching an
   * archived user (or one deleted for good) answers the archived 409 (FIELD-NOTES).
   */
  CreateContact: ({ store, body }) => {
    const input = contactInput(body);
    if (isResponse(input)) return input;
    const refused = refuseCustomAttributes(store, input.custom_attributes);
    if (refused) return refused;
    const role = input.role ?? 'user';
    if (role === 'user') {
      const match = { email: input.email, external_id: input.external_id };
      const duplicate = store.findActiveUser(match);
      if (duplicate) {
        return conflict(`A contact matching those details already exists with id=${duplicate.id}`);
      }
      const archived = store.findArchivedUser(match);
      if (archived) {
        return conflict(
          `An archived contact matching those details already exists with id=${archived.id}`,
        );
      }
    }
    return ok(contactView(store.createContact({ ...input, role })));
  },

  /** 404 for archived contacts (FIELD-NOTES); custom attribute rules refuse the whole write. */
  UpdateContact: ({ store, params, body }) => {
    const input = contactInput(body);
    if (isResponse(input)) return input;
    if (!liveContact(store, params.contact_id)) return userNotFound();
    const refused = refuseCustomAttributes(store, input.custom_attributes);
    if (refused) return refused;
    const contact = store.updateContact(params.contact_id, input);
    return contact ? ok(contactView(contact)) : userNotFound();
  },

  SearchContacts: ({ store, body, searchFaults }) => {
    try {
      const page = searchContacts(store.searchableContacts(), body, searchFaults);
      return ok({
        type: 'list',
        data: page.data.map(contactView),
        total_count: page.totalCount,
        pages: {
          type: 'pages',
          page: page.page,
          per_page: page.perPage,
          total_pages: page.totalPages,
          ...(page.nextCursor !== undefined && {
            // `per_page` is required by the description's `starting_after_paging` schema.
            next: { page: page.page + 1, starting_after: page.nextCursor, per_page: page.perPage },
          }),
        },
      });
    } catch (error) {
      if (error instanceof SearchError) return parameterInvalid(error.message);
      throw error;
    }
  },

  MergeContact: ({ store, body }) => {
    const { from, into } = asRecord(body) as { from: string; into: string };
    if (from === into) return parameterInvalid('from and into must be different contacts');
    const result = store.mergeContacts(from, into);
    if (result.ok) return ok(contactView(result.contact));
    switch (result.reason) {
      case 'from_not_found':
      case 'into_not_found':
        return userNotFound();
      case 'from_not_lead':
        return parameterInvalid('The contact to merge from (from) must be a lead');
      case 'from_unmergeable':
        // FIELD-NOTES: leads with a social or WhatsApp identity answer 422, sometimes
        // with an empty error code; the double always sends the empty one.
        return errorResponse(422, '', 'Contact cannot be merged');
      default:
        return parameterInvalid('The contact to merge into (into) must be a user');
    }
  },

  ArchiveContact: ({ store, params }) => {
    const contact = store.setArchived(params.contact_id, true);
    return contact ? ok(contactArchivedView(contact)) : userNotFound();
  },

  /** A contact deleted for good cannot be restored: 404 or a 5xx, as configured (FIELD-NOTES). */
  UnarchiveContact: ({ store, params }) => {
    const deleted = store.deletedForGood(params.contact_id);
    if (deleted) {
      const status = deleted.unarchiveStatus;
      return status === 404 ? userNotFound() : { status, body: faultBody(status) };
    }
    const contact = store.setArchived(params.contact_id, false);
    return contact ? ok(contactArchivedView(contact)) : userNotFound();
  },

  /** Contact attributes only (the store models no company or conversation attributes). */
  listDataAttributes: ({ store, query }) => {
    if (query.model !== 'contact') {
      const model = typeof query.model === 'string' ? query.model : '(none)';
      return notImplemented(`data attributes of model ${model}`);
    }
    const includeArchived = query.include_archived === true || query.include_archived === 'true';
    const data = store
      .dataAttributes()
      .filter((attribute) => includeArchived || !attribute.archived)
      .map(dataAttributeView);
    return ok({ type: 'list', data });
  },

  /**
   * Creates a custom contact attribute; a name the workspace has already (exactly)
   * answers 400 parameter_invalid (FIELD-NOTES; the description's examples).
   */
  createDataAttribute: ({ store, body }) => {
    const raw = asRecord(body);
    const name = String(raw.name);
    if (raw.model !== 'contact') {
      return notImplemented(`data attributes of model ${String(raw.model)}`);
    }
    // The request's enum has `datetime`; the attribute's `data_type` enum only `date`.
    const dataType = (raw.data_type === 'datetime' ? 'date' : raw.data_type) as DataAttributeType;
    const created = store.createDataAttribute({
      name,
      data_type: dataType,
      description: typeof raw.description === 'string' ? raw.description : undefined,
    });
    if (!created) return parameterInvalid(`You already have '${name}' as a contact attribute`);
    return ok(dataAttributeView(created));
  },

  retrieveConversation: ({ store, params }) => {
    const conversation = store.conversation(params.conversation_id);
    return conversation ? ok(conversationView(conversation, store)) : resourceNotFound();
  },

  /**
   * Internal notes only (`message_type: note`, `type: admin`): recorded on the
   * conversation, answered with the conversation. Other replies answer 501.
   */
  replyConversation: ({ store, params, body }) => {
    const raw = asRecord(body);
    if (!store.conversation(params.conversation_id)) return resourceNotFound();
    if (raw.message_type !== 'note' || raw.type !== 'admin') {
      return notImplemented(
        `replies other than admin notes (message_type ${String(raw.message_type)}, type ${String(raw.type)})`,
      );
    }
    // The description says body "must be present for comment and note message types".
    if (typeof raw.body !== 'string') {
      return errorResponse(400, 'parameter_not_found', 'body is a required parameter');
    }
    store.addNote(params.conversation_id, {
      adminId: String(raw.admin_id),
      body: raw.body,
      createdAt: typeof raw.created_at === 'number' ? raw.created_at : undefined,
    });
    const conversation = store.conversation(params.conversation_id);
    return conversation ? ok(conversationView(conversation, store)) : resourceNotFound();
  },

  attachTagToConversation: ({ store, params, body }) => {
    const { id, admin_id: adminId } = asRecord(body) as { id: string; admin_id: string };
    if (!store.conversation(params.conversation_id)) {
      return errorResponse(404, 'not_found', 'Conversation not found');
    }
    const tag = store.tag(id);
    if (!tag) return errorResponse(404, 'tag_not_found', 'Tag not found');
    const applied = store.tagConversation(params.conversation_id, id, adminId);
    return ok(tagView(tag, applied ?? null));
  },

  detachTagFromConversation: ({ store, params, body }) => {
    const adminId = asRecord(body).admin_id;
    if (typeof adminId !== 'string') {
      return errorResponse(400, 'parameter_not_found', 'admin_id is a required parameter');
    }
    if (!store.conversation(params.conversation_id)) {
      return errorResponse(404, 'not_found', 'Conversation not found');
    }
    const tag = store.tag(params.tag_id);
    const removed = store.untagConversation(params.conversation_id, params.tag_id);
    // The description's example for a tag the conversation does not carry.
    if (!tag || !removed) return errorResponse(404, 'tag_not_found', 'Tag not found');
    return ok(tagView(tag, removed));
  },

  listTags: ({ store }) => ok({ type: 'list', data: store.tags().map((t) => tagView(t, null)) }),
};
