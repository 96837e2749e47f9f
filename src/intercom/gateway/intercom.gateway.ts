import type {
  ContactChanges,
  ContactPage,
  ContactSearchQuery,
  IntercomContact,
  IntercomConversation,
  IntercomTag,
  NewContact,
} from './intercom-contact';

/**
 * The port to Intercom. Its implementation is the only code that talks to
 * Intercom: it throttles, honours rate-limit headers, times out every call
 * and turns failures into the errors of intercom.errors.ts.
 */
export abstract class IntercomGateway {
  /** Null when the contact does not exist (any more). */
  abstract getContact(id: string): Promise<IntercomContact | null>;
  abstract updateContact(id: string, changes: ContactChanges): Promise<IntercomContact>;
  /** Throws IntercomConflictError (with the existing id) when Intercom answers 409. */
  abstract createContact(contact: NewContact): Promise<IntercomContact>;
  abstract searchContacts(
    query: ContactSearchQuery,
    page?: { perPage?: number; cursor?: string | null },
  ): Promise<ContactPage>;
  /** Merges a lead into a user; the lead disappears. */
  abstract mergeContacts(leadId: string, userId: string): Promise<IntercomContact>;
  abstract archiveContact(id: string): Promise<void>;
  /** Null when the conversation does not exist. */
  abstract getConversation(id: string): Promise<IntercomConversation | null>;
  abstract listTags(): Promise<IntercomTag[]>;
  /** False when the conversation did not carry the tag (Intercom answered 404). */
  abstract removeConversationTag(
    conversationId: string,
    tagId: string,
    adminId: string,
  ): Promise<boolean>;
}
