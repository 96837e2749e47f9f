import { Injectable } from '@nestjs/common';
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
  IntercomTag,
  NewContact,
} from './intercom-contact';
import {
  IntercomConflictError,
  IntercomNotFoundError,
  IntercomRequestError,
  IntercomTransientError,
} from './intercom.errors';
import { IntercomGateway } from './intercom.gateway';

export interface SdkGatewayOptions {
  timeoutMs: number;
}

interface ErrorListBody {
  errors?: Array<{ code?: string; message?: string }>;
}

/** `A contact matching those details already exists with id=6657…` → `6657…` */
export function existingIdFromConflict(body: unknown): string | null {
  for (const error of (body as ErrorListBody | undefined)?.errors ?? []) {
    const match = /id=([A-Za-z0-9_-]+)/.exec(error.message ?? '');
    if (match) return match[1];
  }
  return null;
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
 * IntercomGateway through the official `intercom-client` SDK, pinned to the
 * configured API version and base URL. Throttling lives in the fetcher the
 * SDK is given (see throttled-fetcher.ts).
 */
@Injectable()
export class SdkIntercomGateway extends IntercomGateway {
  constructor(
    private readonly client: IntercomClient,
    private readonly options: SdkGatewayOptions,
  ) {
    super();
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
    const contact = await this.call('PUT contact', (o) =>
      this.client.contacts.update(
        {
          contact_id: id,
          custom_attributes: changes.customAttributes,
          ...(changes.phone !== undefined && { phone: changes.phone }),
          ...(changes.email !== undefined && { email: changes.email }),
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.role !== undefined && { role: changes.role }),
        },
        o,
      ),
    );
    if (!contact) throw new IntercomNotFoundError(`Contact ${id}`);
    return toContact(contact);
  }

  async createContact(contact: NewContact): Promise<IntercomContact> {
    try {
      const created = await this.call('POST contact', (o) =>
        this.client.contacts.create(
          {
            role: contact.role,
            email: contact.email,
            custom_attributes: contact.customAttributes,
            ...(contact.phone !== undefined && { phone: contact.phone }),
            ...(contact.name !== undefined && { name: contact.name }),
          },
          o,
        ),
      );
      return toContact(created);
    } catch (error) {
      if (error instanceof IntercomError && error.statusCode === 409) {
        throw new IntercomConflictError(existingIdFromConflict(error.body));
      }
      throw error;
    }
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
    // The SDK's Page hides the raw list; the cursor of the next page lives there.
    const raw = (
      result as unknown as {
        response: { total_count?: number; pages?: { next?: { starting_after?: string } } };
      }
    ).response;
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
      return await run({ maxRetries: 0, timeoutInSeconds: this.options.timeoutMs / 1000 });
    } catch (error) {
      if (nullOn404 && error instanceof IntercomError && error.statusCode === 404) return null;
      throw this.classify(operation, error);
    }
  }

  private classify(operation: string, error: unknown): unknown {
    if (error instanceof IntercomTimeoutError) {
      return new IntercomTransientError(
        `${operation}: no answer within ${this.options.timeoutMs} ms`,
      );
    }
    if (!(error instanceof IntercomError)) return error;
    const status = error.statusCode;
    if (status === undefined || status === 429 || status >= 500) {
      return new IntercomTransientError(
        `${operation}: ${status ? `HTTP ${status}` : error.message}`,
        status,
      );
    }
    if (status === 404) return new IntercomNotFoundError(operation);
    if (status === 409) return error;
    return new IntercomRequestError(`${operation}: HTTP ${status}`, status);
  }
}
