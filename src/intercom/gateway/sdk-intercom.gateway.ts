import {
  IntercomClient,
  IntercomError,
  IntercomTimeoutError,
  type Intercom,
} from 'intercom-client';
import type {
  ContactChanges,
  ContactPage,
  ContactSearchQuery,
  IntercomContact,
  IntercomConversation,
  IntercomDataAttribute,
  IntercomTag,
  NewContact,
  NewContactAttribute,
} from './intercom-contact';
import { ContactAttributeWriter } from './contact-attribute.writer';
import type { RefusedAttributeRecord } from './intercom-call.observer';
import { classifyIntercomAnswer } from './intercom.errors';
import { IntercomGateway } from './intercom.gateway';
import { WorkspaceAttributeCatalog } from './workspace-attribute-catalog';

export interface SdkGatewayOptions {
  /** Time limit of one call in ms; enforced by the throttled fetch, named here in messages. */
  timeoutMs: number;
  /** Told about each custom attribute left out of a write that went ahead, and why. */
  onRefusedAttribute?: (record: RefusedAttributeRecord) => void;
  /** The workspace's attributes as last listed; each listing updates it. */
  catalog?: WorkspaceAttributeCatalog;
}

function toDataAttribute(attribute: Intercom.DataAttribute): IntercomDataAttribute {
  return {
    name: attribute.name,
    model: attribute.model ?? 'contact',
    dataType: attribute.data_type,
    custom: attribute.custom ?? false,
    archived: attribute.archived ?? false,
    options: attribute.options ?? [],
  };
}

function toContact(contact: Intercom.Contact): IntercomContact {
  return {
    id: contact.id,
    role: contact.role ?? 'user',
    email: contact.email ? contact.email : null,
    phone: contact.phone ? contact.phone : null,
    customAttributes: contact.custom_attributes ?? {},
    createdAt: contact.created_at ?? 0,
  };
}

/**
 * IntercomGateway through the official `intercom-client` SDK (7.x), pinned to the
 * configured API version and base URL. Throttling and the time limit live in the
 * fetcher the SDK is given (intercom-fetcher.ts over throttled-fetch.ts); every failure is classified once,
 * by classifyIntercomAnswer (intercom.errors.ts).
 */
export class SdkIntercomGateway extends IntercomGateway {
  private readonly catalog: WorkspaceAttributeCatalog;
  private readonly writer: ContactAttributeWriter;

  constructor(
    private readonly client: IntercomClient,
    private readonly options: SdkGatewayOptions,
  ) {
    super();
    this.catalog = options.catalog ?? new WorkspaceAttributeCatalog();
    this.writer = new ContactAttributeWriter(this.catalog, {
      listAttributes: () => this.listContactAttributes(),
      onRefused: options.onRefusedAttribute,
    });
  }

  async getContact(id: string): Promise<IntercomContact | null> {
    const contact = await this.call(
      `GET contact`,
      (o) => this.client.contacts.find({ contact_id: id }, o),
      true,
    );
    return contact ? toContact(contact) : null;
  }

  async updateContact(id: string, changes: ContactChanges): Promise<IntercomContact> {
    return this.writer.write({
      operation: 'PUT contact',
      contactId: id,
      changes,
      send: (sent) => this.putContact(id, sent),
      update: (contactId, customAttributes) => this.putContact(contactId, { customAttributes }),
    });
  }

  async createContact(contact: NewContact): Promise<IntercomContact> {
    return this.writer.write({
      operation: 'POST contact',
      contactId: null,
      changes: contact,
      send: (sent) => this.postContact(sent),
      update: (contactId, customAttributes) => this.putContact(contactId, { customAttributes }),
    });
  }

  private async putContact(id: string, sent: ContactChanges): Promise<IntercomContact> {
    const contact = await this.call('PUT contact', (o) =>
      this.client.contacts.update(
        {
          contact_id: id,
          custom_attributes: sent.customAttributes,
          ...(sent.phone !== undefined && { phone: sent.phone }),
          ...(sent.email !== undefined && { email: sent.email }),
          ...(sent.name !== undefined && { name: sent.name }),
          ...(sent.role !== undefined && { role: sent.role }),
        },
        o,
      ),
    );
    return toContact(contact);
  }

  private async postContact(sent: NewContact): Promise<IntercomContact> {
    const created = await this.call('POST contact', (o) =>
      this.client.contacts.create(
        {
          role: sent.role,
          email: sent.email,
          custom_attributes: sent.customAttributes,
          ...(sent.phone !== undefined && { phone: sent.phone }),
          ...(sent.name !== undefined && { name: sent.name }),
        },
        o,
      ),
    );
    return toContact(created);
  }

  async searchContacts(
    query: ContactSearchQuery,
    page: { perPage?: number; cursor?: string | null } = {},
  ): Promise<ContactPage> {
    const result = await this.call('POST contacts/search', (o) =>
      this.client.contacts.search(
        {
          // The SDK's types do not allow `null`, which Intercom's grammar uses for "not set".
          query: query as unknown as Intercom.SearchRequest.Query,
          pagination: {
            per_page: page.perPage ?? 50,
            ...(page.cursor ? { starting_after: page.cursor } : {}),
          },
        },
        o,
      ),
    );
    // The SDK's Page keeps Intercom's own list: the cursor of the next page lives there.
    const raw = result.response;
    return {
      contacts: result.data.map(toContact),
      totalCount: raw.total_count ?? result.data.length,
      nextCursor: raw.pages?.next?.starting_after ?? null,
    };
  }

  async mergeContacts(leadId: string, userId: string): Promise<IntercomContact> {
    const contact = await this.call('POST contacts/merge', (o) =>
      this.client.contacts.mergeLeadInUser({ from: leadId, into: userId }, o),
    );
    return toContact(contact);
  }

  async archiveContact(id: string): Promise<void> {
    await this.call('POST contact archive', (o) =>
      this.client.contacts.archive({ contact_id: id }, o),
    );
  }

  async unarchiveContact(id: string): Promise<void> {
    await this.call('POST contact unarchive', (o) =>
      this.client.contacts.unarchive({ contact_id: id }, o),
    );
  }

  /** Archived ones included (`archived`), so that the catalog knows them; it is updated. */
  async listContactAttributes(): Promise<IntercomDataAttribute[]> {
    const list = await this.call('GET data_attributes', (o) =>
      this.client.dataAttributes.list({ model: 'contact', include_archived: true }, o),
    );
    const attributes = (list.data ?? []).map(toDataAttribute);
    this.catalog.update(attributes);
    return attributes;
  }

  async createContactAttribute(attribute: NewContactAttribute): Promise<IntercomDataAttribute> {
    // The SDK's request type lacks `name` and `model` (an open upstream issue);
    // it sends the object as it is, and Intercom needs both.
    const request = {
      name: attribute.name,
      model: 'contact',
      data_type: 'string',
      description: attribute.description,
    } as Intercom.CreateDataAttributeRequest;
    const created = await this.call('POST data_attributes', (o) =>
      this.client.dataAttributes.create(request, o),
    );
    return toDataAttribute(created);
  }

  async getConversation(id: string): Promise<IntercomConversation | null> {
    const conversation = await this.call(
      'GET conversation',
      (o) => this.client.conversations.find({ conversation_id: id }, o),
      true,
    );
    if (!conversation) return null;
    return {
      id: conversation.id,
      customAttributes: conversation.custom_attributes ?? {},
      contactIds: (conversation.contacts?.contacts ?? [])
        .map((c) => c.id)
        .filter((c): c is string => !!c),
      tags: (conversation.tags?.tags ?? []).map((t) => ({ id: String(t.id), name: t.name })),
    };
  }

  async addConversationNote(conversationId: string, adminId: string, body: string): Promise<void> {
    await this.call('POST conversation note', (o) =>
      this.client.conversations.reply(
        {
          conversation_id: conversationId,
          body: { message_type: 'note', type: 'admin', admin_id: adminId, body },
        },
        o,
      ),
    );
  }

  async listTags(): Promise<IntercomTag[]> {
    const list = await this.call('GET tags', (o) => this.client.tags.list(o));
    return (list.data ?? []).map((t) => ({ id: String(t.id), name: t.name }));
  }

  async removeConversationTag(
    conversationId: string,
    tagId: string,
    adminId: string,
  ): Promise<boolean> {
    const tag = await this.call(
      'DELETE conversation tag',
      (o) =>
        this.client.tags.untagConversation(
          { conversation_id: conversationId, tag_id: tagId, admin_id: adminId },
          o,
        ),
      true,
    );
    return tag !== null;
  }

  /**
   * Runs one SDK call and classifies its failure. With `nullOn404`, a 404
   * is an answer (null), not an error.
   */
  private async call<T>(
    operation: string,
    run: (options: IntercomClient.RequestOptions) => Promise<T>,
  ): Promise<T>;
  private async call<T>(
    operation: string,
    run: (options: IntercomClient.RequestOptions) => Promise<T>,
    nullOn404: true,
  ): Promise<T | null>;
  private async call<T>(
    operation: string,
    run: (options: IntercomClient.RequestOptions) => Promise<T>,
    nullOn404 = false,
  ): Promise<T | null> {
    try {
      // The service's fetcher ignores both: retries are the inbox's, the time limit the fetch's.
      return await run({ maxRetries: 0 });
    } catch (error) {
      if (nullOn404 && error instanceof IntercomError && error.statusCode === 404) return null;
      if (error instanceof IntercomTimeoutError) {
        throw classifyIntercomAnswer(operation, { timedOut: true }, this.options.timeoutMs);
      }
      if (!(error instanceof IntercomError)) throw error;
      throw classifyIntercomAnswer(
        operation,
        { status: error.statusCode, body: error.body, message: error.message },
        this.options.timeoutMs,
      );
    }
  }
}
