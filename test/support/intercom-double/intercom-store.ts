/**
 * The double's in-memory Intercom workspace: contacts, conversations (with their notes),
 * tags, contact data attributes and the admin behind the access token. Knows nothing
 * about HTTP.
 *
 * Everything it hands out is a copy, so a test cannot change the workspace by accident;
 * change it through the methods. Seeding (`add*`) bypasses Intercom's rules on purpose
 * (e.g. two users with one email can be seeded to reproduce messy data); the API
 * operations (`create*`, `update*`, `merge*`, ...) apply them.
 */
import { randomBytes } from 'node:crypto';
import {
  type DataAttributeChange,
  type DataAttributeSeed,
  type DataAttributeType,
  DEFAULT_CONTACT_ATTRIBUTES,
  type StoredDataAttribute,
  type ValueRefusalWording,
} from './data-attributes';

export type {
  DataAttributeChange,
  DataAttributeSeed,
  DataAttributeType,
  StoredDataAttribute,
  ValueRefusalWording,
} from './data-attributes';

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

export interface ContactSeed extends Partial<StoredContact> {
  /**
   * Seeds the contact as deleted for good (see deleteForGood): it is no contact any more,
   * yet creating a user with its email meets the archived-style 409.
   */
  deleted?: boolean;
  /** With `deleted`: what unarchiving it answers (see DeletedContactOptions). */
  unarchiveStatus?: number;
  /** Seeds the lead as one Intercom never merges (see setUnmergeable). */
  unmergeable?: boolean;
}

export interface DeletedContactOptions {
  /**
   * The HTTP status POST /contacts/{id}/unarchive answers for it: 404 (default) or a
   * 5xx such as 500. FIELD-NOTES: the unarchive of a contact deleted for good fails
   * with "a 5xx or 404". The store only keeps the number; the route answers it.
   */
  unarchiveStatus?: number;
}

/** A contact deleted for good, as the store remembers it. */
export interface DeletedContact {
  /** The contact as it was, `archived: true`. */
  contact: StoredContact;
  unarchiveStatus: number;
}

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

/** An internal note an admin left on a conversation. */
export interface ConversationNote {
  adminId: string;
  body: string;
  /** Unix seconds. */
  createdAt: number;
}

/** A note with the id of the conversation part that carries it. */
export interface StoredNote extends ConversationNote {
  partId: string;
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
  | {
      ok: false;
      reason:
        | 'from_not_found'
        | 'into_not_found'
        | 'from_not_lead'
        | 'into_not_user'
        | 'from_unmergeable';
    };

export interface DataAttributeInput {
  name: string;
  data_type: DataAttributeType;
  description?: string;
}

const clone = <T>(value: T): T => structuredClone(value);
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class IntercomStore {
  private readonly contactsById = new Map<string, StoredContact>();
  private readonly conversationsById = new Map<string, StoredConversation>();
  private readonly tagsById = new Map<string, StoredTag>();
  private readonly merged = new Map<string, string>();
  /** Contacts search does not see yet (see hideFromSearch). */
  private readonly unindexed = new Set<string>();
  /** Leads Intercom refuses to merge (see setUnmergeable). */
  private readonly unmergeableIds = new Set<string>();
  private readonly deletedById = new Map<string, DeletedContact>();
  private readonly attributesByName = new Map<string, StoredDataAttribute>();
  private readonly notesByConversation = new Map<string, StoredNote[]>();
  private readonly idPrefix = randomBytes(3).toString('hex');
  private contactCounter = 0;
  private conversationCounter = 0;
  private tagCounter = 0;
  private attributeCounter = 0;
  private partCounter = 0;
  /** How a refused attribute value is worded (see ValueRefusalWording). */
  valueRefusalWording: ValueRefusalWording = 'names the attribute';
  private adminRecord: StoredAdmin = {
    id: '991267390',
    name: 'Intercom Double Admin',
    email: 'admin@intercom-double.test',
  };

  constructor() {
    for (const seed of DEFAULT_CONTACT_ATTRIBUTES) this.addDataAttribute(seed);
  }

  // ---- seeding and inspection -------------------------------------------------------

  /**
   * Adds a contact as is (no duplicate checks, custom attributes the workspace lacks are
   * kept). Defaults: role 'user', timestamps now. `deleted: true` seeds it deleted for
   * good (see deleteForGood), `unmergeable: true` as a lead Intercom never merges.
   */
  addContact(seed: ContactSeed = {}): StoredContact {
    const id = seed.id ?? this.nextContactId();
    if (this.contactsById.has(id) || this.deletedById.has(id)) {
      throw new Error(`contact ${id} already exists`);
    }
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
    if (seed.unmergeable) this.unmergeableIds.add(id);
    if (seed.deleted) return this.deleteForGood(id, { unarchiveStatus: seed.unarchiveStatus });
    return clone(contact);
  }

  /**
   * Deletes a contact for good, as Intercom does some time after a deletion: it is no
   * contact any more (GET, PUT and search do not find it, `getContact` and `contacts()`
   * leave it out), yet creating a user with its email or external id still answers the
   * archived-style 409 naming its id, and unarchiving it fails (FIELD-NOTES, "Archived
   * contacts"): that member's contact cannot be restored automatically.
   * Returns the contact as it was, archived. Throws if the contact does not exist.
   */
  deleteForGood(id: string, options: DeletedContactOptions = {}): StoredContact {
    const contact = this.contactsById.get(id);
    if (!contact) throw new Error(`deleteForGood: unknown contact ${id}`);
    const unarchiveStatus = options.unarchiveStatus ?? 404;
    if (unarchiveStatus !== 404 && !(unarchiveStatus >= 500 && unarchiveStatus <= 599)) {
      throw new Error(`unarchiveStatus must be 404 or a 5xx, got ${unarchiveStatus}`);
    }
    contact.archived = true;
    this.contactsById.delete(id);
    this.unindexed.delete(id);
    this.deletedById.set(id, { contact, unarchiveStatus });
    return clone(contact);
  }

  /** The contact deleted for good with this id, if any. */
  deletedForGood(id: string): DeletedContact | undefined {
    const deleted = this.deletedById.get(id);
    return deleted && clone(deleted);
  }

  /**
   * Marks a lead as one Intercom refuses to merge for good (or lifts the mark): leads
   * with a social or WhatsApp identity answer 422, sometimes with an empty error code
   * (FIELD-NOTES, "Merges"). Throws if the contact does not exist.
   */
  setUnmergeable(id: string, unmergeable = true): void {
    if (!this.contactsById.has(id)) throw new Error(`setUnmergeable: unknown contact ${id}`);
    if (unmergeable) this.unmergeableIds.add(id);
    else this.unmergeableIds.delete(id);
  }

  isUnmergeable(id: string): boolean {
    return this.unmergeableIds.has(id);
  }

  /** The contact, archived ones included; undefined when unknown, merged away or deleted for good. */
  getContact(id: string): StoredContact | undefined {
    const contact = this.contactsById.get(id);
    return contact && clone(contact);
  }

  /** All contacts (archived included; merged-away leads and contacts deleted for good excluded), oldest first. */
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

  /**
   * The workspace's contact data attributes, standard and custom, archived included, in
   * the order they were added (a fresh store: DEFAULT_CONTACT_ATTRIBUTES).
   */
  dataAttributes(): StoredDataAttribute[] {
    return [...this.attributesByName.values()].map(clone);
  }

  /** The attribute with exactly this name, if any. */
  dataAttribute(name: string): StoredDataAttribute | undefined {
    const attribute = this.attributesByName.get(name);
    return attribute && clone(attribute);
  }

  /**
   * Adds a data attribute to the workspace as is. Defaults: a custom string attribute,
   * not archived, created now by the store's admin. Throws if the name exists already.
   */
  addDataAttribute(seed: DataAttributeSeed): StoredDataAttribute {
    if (this.attributesByName.has(seed.name)) {
      throw new Error(`data attribute ${seed.name} already exists`);
    }
    const custom = seed.custom ?? true;
    const now = nowSeconds();
    if (custom) this.attributeCounter += 1;
    const attribute: StoredDataAttribute = {
      id: custom ? 12_000 + this.attributeCounter : null,
      name: seed.name,
      label: seed.label ?? seed.name,
      description: seed.description ?? '',
      data_type: seed.data_type ?? 'string',
      custom,
      archived: seed.archived ?? false,
      options: [...(seed.options ?? [])],
      created_at: custom ? now : null,
      updated_at: custom ? now : null,
      admin_id: custom ? this.adminRecord.id : null,
    };
    this.attributesByName.set(attribute.name, attribute);
    return clone(attribute);
  }

  /**
   * Changes an attribute of the workspace as an admin would in Intercom's settings: makes
   * it a list with these options (`options: []`: text again), archives it, or gives it
   * another data type (which Intercom's API never does: to set up a workspace made so).
   * Contacts keep their values. Throws if the workspace has no attribute of that name.
   */
  updateDataAttribute(name: string, change: DataAttributeChange): StoredDataAttribute {
    const attribute = this.attributesByName.get(name);
    if (!attribute) throw new Error(`updateDataAttribute: unknown data attribute ${name}`);
    Object.assign(attribute, clone(change));
    if (attribute.custom) attribute.updated_at = nowSeconds();
    return clone(attribute);
  }

  /**
   * Removes a data attribute from the workspace, e.g. to test a service against a
   * workspace where `facility` was never created. Contacts keep their values. Throws if
   * the workspace has no attribute with exactly this name.
   */
  removeDataAttribute(name: string): StoredDataAttribute {
    const attribute = this.attributesByName.get(name);
    if (!attribute) throw new Error(`removeDataAttribute: unknown data attribute ${name}`);
    this.attributesByName.delete(name);
    return clone(attribute);
  }

  /** The admin GET /me answers with (and the default author of admin-started conversations). */
  get admin(): StoredAdmin {
    return clone(this.adminRecord);
  }

  setAdmin(admin: Partial<StoredAdmin>): StoredAdmin {
    this.adminRecord = { ...this.adminRecord, ...admin };
    return this.admin;
  }

  /** The internal notes left on a conversation, oldest first; empty when there are none. */
  notes(conversationId: string): ConversationNote[] {
    return (this.notesByConversation.get(conversationId) ?? []).map(
      ({ adminId, body, createdAt }) => ({ adminId, body, createdAt }),
    );
  }

  /** The notes with the ids of the conversation parts carrying them (for the views). */
  noteParts(conversationId: string): StoredNote[] {
    return (this.notesByConversation.get(conversationId) ?? []).map(clone);
  }

  // ---- operations behind the API ----------------------------------------------------

  /**
   * True when the workspace has a custom contact attribute with exactly this name
   * (case-sensitive), archived or not: only those can be written to a contact (an
   * archived one stores nothing).
   */
  hasCustomAttribute(name: string): boolean {
    const attribute = this.attributesByName.get(name);
    return attribute !== undefined && attribute.custom;
  }

  /** The custom attributes a write may store: archived ones left out (FIELD-NOTES). */
  storable(attributes: CustomAttributes): CustomAttributes {
    return Object.fromEntries(
      Object.entries(attributes).filter(([name]) => !this.attributesByName.get(name)?.archived),
    );
  }

  /**
   * Creates a custom contact attribute (POST /data_attributes); undefined when an
   * attribute with that name exists already, standard or custom, archived or not.
   */
  createDataAttribute(input: DataAttributeInput): StoredDataAttribute | undefined {
    if (this.attributesByName.has(input.name)) return undefined;
    return this.addDataAttribute({
      name: input.name,
      data_type: input.data_type,
      description: input.description ?? '',
    });
  }

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

  /**
   * An archived user with this email (case-insensitive) or external id, contacts deleted
   * for good included (they were archived first), if any.
   */
  findArchivedUser(match: {
    email?: string | null;
    external_id?: string | null;
  }): StoredContact | undefined {
    const email = match.email?.toLowerCase();
    const candidates = [
      ...this.contactsById.values(),
      ...[...this.deletedById.values()].map((d) => d.contact),
    ];
    for (const contact of candidates) {
      if (!contact.archived || contact.role !== 'user') continue;
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
      custom_attributes: this.storable(stripUndefined(input.custom_attributes ?? {})),
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
        ...this.storable(stripUndefined(input.custom_attributes)),
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
   * move to the user; the lead is gone afterwards, for good. A lead marked unmergeable
   * (setUnmergeable) is refused and nothing changes.
   */
  mergeContacts(fromId: string, intoId: string): MergeResult {
    const from = this.contactsById.get(fromId);
    const into = this.contactsById.get(intoId);
    if (!from) return { ok: false, reason: 'from_not_found' };
    if (!into) return { ok: false, reason: 'into_not_found' };
    if (from.role !== 'lead') return { ok: false, reason: 'from_not_lead' };
    if (into.role !== 'user') return { ok: false, reason: 'into_not_user' };
    if (this.unmergeableIds.has(fromId)) return { ok: false, reason: 'from_unmergeable' };
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

  /**
   * Records an internal note on a conversation, as a new conversation part; undefined
   * when the conversation does not exist.
   */
  addNote(
    conversationId: string,
    note: { adminId: string; body: string; createdAt?: number },
  ): StoredNote | undefined {
    const conversation = this.conversationsById.get(conversationId);
    if (!conversation) return undefined;
    this.partCounter += 1;
    const stored: StoredNote = {
      partId: String(900_000_000 + this.partCounter),
      adminId: note.adminId,
      body: note.body,
      createdAt: note.createdAt ?? nowSeconds(),
    };
    const notes = this.notesByConversation.get(conversationId) ?? [];
    notes.push(stored);
    this.notesByConversation.set(conversationId, notes);
    conversation.updated_at = Math.max(conversation.updated_at, stored.createdAt);
    return clone(stored);
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
