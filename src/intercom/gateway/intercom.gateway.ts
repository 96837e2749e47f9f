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

/**
 * The port to Intercom. Its implementation is the only code that talks to
 * Intercom: it throttles, honours rate-limit headers, times out every call
 * and turns failures into the errors of intercom.errors.ts.
 */
export abstract class IntercomGateway {
  /** Null when the contact does not exist (any more). */
  abstract getContact(id: string): Promise<IntercomContact | null>;
  /**
   * Writes the changes. A custom attribute the workspace lacks does not stop the
   * others: the write is sent again without it, and the attribute is reported to
   * the IntercomCallObserver (docs/reference.md, "What is written to contacts"). Throws IntercomNotFoundError when the
   * contact is gone (or archived).
   */
  abstract updateContact(id: string, changes: ContactChanges): Promise<IntercomContact>;
  /**
   * Throws IntercomConflictError (with the existing id, and `archived` when that
   * contact is archived) when Intercom answers 409.
   */
  abstract createContact(contact: NewContact): Promise<IntercomContact>;
  abstract searchContacts(
    query: ContactSearchQuery,
    page?: { perPage?: number; cursor?: string | null },
  ): Promise<ContactPage>;
  /** Merges a lead into a user; the lead disappears. */
  abstract mergeContacts(leadId: string, userId: string): Promise<IntercomContact>;
  abstract archiveContact(id: string): Promise<void>;
  /** Throws IntercomNotFoundError when the contact is gone for good. */
  abstract unarchiveContact(id: string): Promise<void>;
  /** The workspace's contact data attributes (`GET /data_attributes?model=contact`), one call. */
  abstract listContactAttributes(): Promise<IntercomDataAttribute[]>;
  /** `POST /data_attributes`; Intercom answers 400 when the name exists already. */
  abstract createContactAttribute(attribute: NewContactAttribute): Promise<IntercomDataAttribute>;
  /** Null when the conversation does not exist. */
  abstract getConversation(id: string): Promise<IntercomConversation | null>;
  abstract listTags(): Promise<IntercomTag[]>;
  /**
   * An internal note on the conversation (`POST /conversations/{id}/reply`,
   * `message_type: note`), seen by agents only. `body` is HTML (`<p>`, `<b>`, `<br>`).
   * Throws IntercomNotFoundError when the conversation is gone.
   */
  abstract addConversationNote(
    conversationId: string,
    adminId: string,
    body: string,
  ): Promise<void>;
  /** False when the conversation did not carry the tag (Intercom answered 404). */
  abstract removeConversationTag(
    conversationId: string,
    tagId: string,
    adminId: string,
  ): Promise<boolean>;
}
