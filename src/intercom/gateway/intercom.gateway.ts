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
   * Writes the changes. A custom attribute whose value Intercom refuses (an attribute the
   * workspace lacks, a value outside a list attribute's options, a type mismatch) does not
   * stop the others: it is left out and reported to the IntercomCallObserver
   * (docs/reference.md, "When Intercom refuses an attribute"). A 400 about the whole request
   * is thrown (IntercomRequestError). Throws IntercomNotFoundError when the contact is gone
   * (or archived).
   */
  abstract updateContact(id: string, changes: ContactChanges): Promise<IntercomContact>;
  /**
   * Refused attribute values as for updateContact. Throws IntercomConflictError (with the
   * existing id, and `archived` when that contact is archived) when Intercom answers 409.
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
  /**
   * The workspace's contact data attributes, archived ones included
   * (`GET /data_attributes?model=contact&include_archived=true`), one call.
   */
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
