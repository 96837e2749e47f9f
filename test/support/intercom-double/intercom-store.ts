/**
 * The double's in-memory Intercom workspace: contacts, conversations, tags and the admin
 * behind the access token. Knows nothing about HTTP.
 *
 * Everything it hands out is a copy, so a test cannot change the workspace by accident;
 * change it through the methods. Seeding (`add*`) bypasses Intercom's rules on purpose
 * (e.g. two users with one email can be seeded to reproduce messy data); the API
 * operations (`create*`, `update*`, `merge*`, ...) apply them.
 */
import { randomBytes } from 'node:crypto';

export type ContactRole = 'user' | 'lead';
export type CustomAttributeValue = string | number | boolean | null;
export type CustomAttributes = Record<string, CustomAttributeValue>;

export interface StoredContact {
  id: string;
  role: ContactRole;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  custom_attributes: CustomAttributes;
  /** Unix seconds. */
  created_at: number;
  updated_at: number;
  signed_up_at: number | null;
  archived: boolean;
}

export type ContactSeed = Partial<StoredContact>;

export interface StoredTag {
  id: string;
  name: string;
}

export interface StoredAdmin {
  id: string;
  name: string;
  email: string;
}

export interface AppliedTag {
  id: string;
  applied_at: number;
  applied_by: { type: 'admin'; id: string };
}

export type ConversationState = 'open' | 'closed' | 'snoozed';

export interface ConversationSource {
  type: 'conversation' | 'email' | 'facebook' | 'instagram' | 'push' | 'sms' | 'twitter';
  id: string;
  delivered_as: string;
  subject: string;
  body: string;
  author: { type: string; id: string; name: string | null; email: string };
}

export interface StoredConversation {
  id: string;
  created_at: number;
  updated_at: number;
  title: string | null;
  state: ConversationState;
  read: boolean;
  priority: 'priority' | 'not_priority';
  admin_assignee_id: number | null;
  team_assignee_id: number | null;
  contact_ids: string[];
  custom_attributes: CustomAttributes;
  tags: AppliedTag[];
  source: ConversationSource;
}

export interface ConversationSeed {
  id?: string;
  /** Contacts of the conversation; each must exist. The first one is the default author. */
  contactIds?: string[];
  custom_attributes?: CustomAttributes;
  /** Ids of tags (see addTag) applied to the conversation by the store's admin. */
  tagIds?: string[];
  title?: string | null;
  state?: ConversationState;
  read?: boolean;
  priority?: 'priority' | 'not_priority';
  admin_assignee_id?: number | null;
  team_assignee_id?: number | null;
  created_at?: number;
  updated_at?: number;
  source?: Partial<ConversationSource>;
}

export interface ContactInput {
  role?: ContactRole;
  external_id?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  signed_up_at?: number | null;
  custom_attributes?: CustomAttributes | null;
}

export type MergeResult =
  | { ok: true; contact: StoredContact }
  | { ok: false; reason: 'from_not_found' | 'into_not_found' | 'from_not_lead' | 'into_not_user' };

const clone = <T>(value: T): T => structuredClone(value);
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class IntercomStore {
  private readonly contactsById = new Map<string, StoredContact>();
  private readonly conversationsById = new Map<string, StoredConversation>();
  private readonly tagsById = new Map<string, StoredTag>();
  private readonly merged = new Map<string, string>();
  /** Contacts search does not see yet (see hideFromSearch). */
  private readonly unindexed = new Set<string>();
  private readonly idPrefix = randomBytes(3).toString('hex');
  private contactCounter = 0;
  private conversationCounter = 0;
  private tagCounter = 0;
  private adminRecord: StoredAdmin = {
    id: '991267390',
    name: 'Intercom Double Admin',
    email: 'admin@intercom-double.test',
  };

  // ---- seeding and inspection -------------------------------------------------------

  /** Adds a contact as is (no duplicate checks). Defaults: role 'user', timestamps now. */
  addContact(seed: ContactSeed = {}): StoredContact {
    const id = seed.id ?? this.nextContactId();
    if (this.contactsById.has(id)) throw new Error(`contact ${id} already exists`);
    const created = seed.created_at ?? nowSeconds();
    const contact: StoredContact = {
      id,
      role: seed.role ?? 'user',
      external_id: seed.external_id ?? null,
      email: seed.email ?? null,
      phone: seed.phone ?? null,
      name: seed.name ?? null,
      custom_attributes: clone(seed.custom_attributes ?? {}),
      created_at: created,
      updated_at: seed.updated_at ?? created,
      signed_up_at: seed.signed_up_at ?? null,
      archived: seed.archived ?? false,
    };
    this.contactsById.set(id, contact);
    return clone(contact);
  }

  /** The contact, archived ones included; undefined when unknown or merged away. */
  getContact(id: string): StoredContact | undefined {
    const contact = this.contactsById.get(id);
    return contact && clone(contact);
  }

  /** All contacts (archived included, merged-away leads excluded), oldest first. */
  contacts(): StoredContact[] {
    return [...this.contactsById.values()].map(clone);
  }

  /** The id of the user a lead was merged into, if it was. */
  mergedInto(leadId: string): string | undefined {
    return this.merged.get(leadId);
  }

  /** Creates a tag, or returns the existing tag with that name (like POST /tags). */
  addTag(name: string): StoredTag {
    const existing = [...this.tagsById.values()].find((t) => t.name === name);
    if (existing) return clone(existing);
    this.tagCounter += 1;
    const tag: StoredTag = { id: String(7_000_000 + this.tagCounter), name };
    this.tagsById.set(tag.id, tag);
    return clone(tag);
  }

  tag(id: string): StoredTag | undefined {
    const tag = this.tagsById.get(id);
    return tag && clone(tag);
  }

  tags(): StoredTag[] {
    return [...this.tagsById.values()].map(clone);
  }

  /** Adds a conversation. Throws if a contact or tag it names does not exist. */
  addConversation(seed: ConversationSeed = {}): StoredConversation {
    const id = seed.id ?? this.nextConversationId();
    if (this.conversationsById.has(id)) throw new Error(`conversation ${id} already exists`);
    const contactIds = seed.contactIds ?? [];
    const contacts = contactIds.map((cid) => {
      const contact = this.contactsById.get(cid);
      if (!contact) throw new Error(`addConversation: unknown contact ${cid}`);
      return contact;
    });
    const created = seed.created_at ?? nowSeconds();
    const first = contacts[0];
    const author = first
      ? { type: first.role, id: first.id, name: first.name, email: first.email ?? '' }
      : {
          type: 'admin',
          id: this.adminRecord.id,
          name: this.adminRecord.name,
          email: this.adminRecord.email,
        };
    const conversation: StoredConversation = {
      id,
      created_at: created,
      updated_at: seed.updated_at ?? created,
      title: seed.title ?? null,
      state: seed.state ?? 'open',
      read: seed.read ?? false,
      priority: seed.priority ?? 'not_priority',
      admin_assignee_id: seed.admin_assignee_id ?? null,
      team_assignee_id: seed.team_assignee_id ?? null,
      contact_ids: [...contactIds],
      custom_attributes: clone(seed.custom_attributes ?? {}),
      tags: [],
      source: {
        type: 'conversation',
        id: String(400_000_000 + this.conversationsById.size + 1),
        delivered_as: first ? 'customer_initiated' : 'admin_initiated',
        subject: '',
        body: '<p>Hello</p>',
        author,
        ...clone(seed.source ?? {}),
      },
    };
    this.conversationsById.set(id, conversation);
    for (const tagId of seed.tagIds ?? []) {
      if (!this.tagConversation(id, tagId, this.adminRecord.id, created)) {
        this.conversationsById.delete(id);
        throw new Error(`addConversation: unknown tag ${tagId}`);
      }
    }
    return clone(conversation);
  }

  conversation(id: string): StoredConversation | undefined {
    const conversation = this.conversationsById.get(id);
    return conversation && clone(conversation);
  }

  conversations(): StoredConversation[] {
    return [...this.conversationsById.values()].map(clone);
  }

  /** The admin GET /me answers with (and the default author of admin-started conversations). */
  get admin(): StoredAdmin {
    return clone(this.adminRecord);
  }

  setAdmin(admin: Partial<StoredAdmin>): StoredAdmin {
    this.adminRecord = { ...this.adminRecord, ...admin };
    return this.admin;
  }

  // ---- operations behind the API ----------------------------------------------------

  /** A non-archived user with this email (case-insensitive) or external id, if any. */
  findActiveUser(match: {
    email?: string | null;
    external_id?: string | null;
  }): StoredContact | undefined {
    const email = match.email?.toLowerCase();
    for (const contact of this.contactsById.values()) {
      if (contact.archived || contact.role !== 'user') continue;
      if (email && contact.email?.toLowerCase() === email) return clone(contact);
      if (match.external_id && contact.external_id === match.external_id) return clone(contact);
    }
    return undefined;
  }

  createContact(input: ContactInput): StoredContact {
    return this.addContact({
      role: input.role ?? 'user',
      external_id: input.external_id ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      name: input.name ?? null,
      signed_up_at: input.signed_up_at ?? null,
      custom_attributes: stripUndefined(input.custom_attributes ?? {}),
    });
  }

  /** Sets the given fields; custom attributes are merged key by key. Undefined if unknown. */
  updateContact(id: string, input: ContactInput): StoredContact | undefined {
    const contact = this.contactsById.get(id);
    if (!contact) return undefined;
    if (input.role !== undefined) contact.role = input.role;
    if (input.external_id !== undefined) contact.external_id = input.external_id;
    if (input.email !== undefined) contact.email = input.email;
    if (input.phone !== undefined) contact.phone = input.phone;
    if (input.name !== undefined) contact.name = input.name;
    if (input.signed_up_at !== undefined) contact.signed_up_at = input.signed_up_at;
    if (input.custom_attributes) {
      contact.custom_attributes = {
        ...contact.custom_attributes,
        ...stripUndefined(input.custom_attributes),
      };
    }
    contact.updated_at = nowSeconds();
    return clone(contact);
  }

  setArchived(id: string, archived: boolean): StoredContact | undefined {
    const contact = this.contactsById.get(id);
    if (!contact) return undefined;
    contact.archived = archived;
    contact.updated_at = nowSeconds();
    return clone(contact);
  }

  /** Contacts search looks at: not archived, not hidden from search, oldest first. */
  searchableContacts(): StoredContact[] {
    return [...this.contactsById.values()]
      .filter((c) => !c.archived && !this.unindexed.has(c.id))
      .map(clone);
  }

  /**
   * Keeps a contact out of POST /contacts/search (or lets it back in) while every other
   * operation still sees it: Intercom's search index lags behind writes, so a contact
   * created moments ago can be missing from a search yet make a create answer 409.
   */
  hideFromSearch(id: string, hidden = true): void {
    if (!this.contactsById.has(id)) throw new Error(`hideFromSearch: unknown contact ${id}`);
    if (hidden) this.unindexed.add(id);
    else this.unindexed.delete(id);
  }

  /**
   * Merges a lead into a user: the user keeps its own values and takes the lead's email,
   * phone, name and custom attributes only where it has none; the lead's conversations
   * move to the user; the lead is gone afterwards.
   */
  mergeContacts(fromId: string, intoId: string): MergeResult {
    const from = this.contactsById.get(fromId);
    const into = this.contactsById.get(intoId);
    if (!from) return { ok: false, reason: 'from_not_found' };
    if (!into) return { ok: false, reason: 'into_not_found' };
    if (from.role !== 'lead') return { ok: false, reason: 'from_not_lead' };
    if (into.role !== 'user') return { ok: false, reason: 'into_not_user' };
    into.email = into.email || from.email;
    into.phone = into.phone ?? from.phone;
    into.name = into.name ?? from.name;
    for (const [key, value] of Object.entries(from.custom_attributes)) {
      const current = into.custom_attributes[key];
      if (current === undefined || current === null || current === '') {
        into.custom_attributes[key] = value;
      }
    }
    into.updated_at = nowSeconds();
    for (const conversation of this.conversationsById.values()) {
      if (conversation.contact_ids.includes(fromId)) {
        conversation.contact_ids = [
          ...new Set(conversation.contact_ids.map((cid) => (cid === fromId ? intoId : cid))),
        ];
        if (conversation.source.author.id === fromId) {
          conversation.source.author = { ...conversation.source.author, type: 'user', id: intoId };
        }
      }
    }
    this.contactsById.delete(fromId);
    this.merged.set(fromId, intoId);
    for (const [lead, target] of this.merged) {
      if (target === fromId) this.merged.set(lead, intoId);
    }
    return { ok: true, contact: clone(into) };
  }

  /** Applies a tag to a conversation (idempotent); undefined when either does not exist. */
  tagConversation(
    conversationId: string,
    tagId: string,
    adminId: string = this.adminRecord.id,
    at: number = nowSeconds(),
  ): AppliedTag | undefined {
    const conversation = this.conversationsById.get(conversationId);
    if (!conversation || !this.tagsById.has(tagId)) return undefined;
    const existing = conversation.tags.find((t) => t.id === tagId);
    if (existing) return clone(existing);
    const applied: AppliedTag = {
      id: tagId,
      applied_at: at,
      applied_by: { type: 'admin', id: adminId },
    };
    conversation.tags.push(applied);
    conversation.updated_at = Math.max(conversation.updated_at, at);
    return clone(applied);
  }

  /** Removes a tag from a conversation; undefined when the conversation does not have it. */
  untagConversation(conversationId: string, tagId: string): AppliedTag | undefined {
    const conversation = this.conversationsById.get(conversationId);
    const applied = conversation?.tags.find((t) => t.id === tagId);
    if (!conversation || !applied) return undefined;
    conversation.tags = conversation.tags.filter((t) => t.id !== tagId);
    conversation.updated_at = nowSeconds();
    return clone(applied);
  }

  private nextContactId(): string {
    this.contactCounter += 1;
    const time = Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0');
    return `${time}${this.idPrefix}${this.contactCounter.toString(16).padStart(10, '0')}`;
  }

  private nextConversationId(): string {
    this.conversationCounter += 1;
    return String(100_000 + this.conversationCounter);
  }
}

function stripUndefined(attributes: CustomAttributes): CustomAttributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
}
