/**
 * docs/reference.md, "Manual re-sync" end to end: a signed `conversation_part.tag.created`
 * notification through the durable inbox to the Intercom double, with real
 * MariaDB (members) and PostgreSQL (positions). Each test makes its own member,
 * contacts and conversation, so tests share the app but not their data.
 */
import type { RecordedRequest, StoredTag } from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography, type MemberSeed } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { inboxRow, settledRow } from '../support/inbox-rows';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';
import { uniqueId } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { sample } from '../support/webhook-payloads';

interface TestMember {
  number: string;
  email: string;
  name: string;
}

interface TagEvent {
  conversationId: string;
  /** The conversation's contact, as 2.x payloads name it. */
  contactId?: string;
  /** The tag just added; default the sync tag with its id. */
  tag?: { id?: string; name: string };
  /** Author of the tag part; null leaves the part out (tags_added only). */
  adminId?: string | null;
  /** The conversation's attributes; null leaves them out of the payload. */
  customAttributes?: Record<string, unknown> | null;
  /** Where the tag is named: tags_added (with the part) or only the tag part's body. */
  form?: 'tags_added' | 'part_only';
}

const MAX_ATTEMPTS = 6;
const TAG_ADMIN = 'admin-who-tagged';

describe('webhook → manual re-sync by tag', () => {
  let t: TestApp;
  let syncTag: StoredTag;
  let memberCounter = 0;
  let eventCounter = 0;

  const row = (id: string) => inboxRow(t.mysql, id);
  const settled = (id: string) => settledRow(t.mysql, id);

  const store = () => t.intercom.store;

  async function newMember(seed: Partial<MemberSeed> = {}): Promise<TestMember> {
    memberCounter += 1;
    const member = {
      number: String(50_000 + memberCounter),
      email: `member${memberCounter}@example.com`,
      name: `Jane Doe${memberCounter}`,
    };
    await insertMember(t.mysql, {
      membernumber: member.number,
      email: member.email,
      firstname: 'Jane',
      lastname: `Doe${memberCounter}`,
      phone: '(765) 465-7031',
      facility_id: 1,
      membertypeid: 6,
      ...seed,
    });
    return member;
  }

  /** The section 5 attributes of a member made by newMember with no positions. */
  /** pino's numeric levels. */
  const WARN = 40;
  const ERROR = 50;

  const attributesOf = (member: TestMember, positions = '') => ({
    member_number: member.number,
    member_type: 'Current Member',
    region: 'GL',
    facility: 'ZAU',
    positions,
  });

  function taggedConversation(contactIds: string[] = [], tagIds = [syncTag.id]) {
    return store().addConversation({ contactIds, tagIds });
  }

  function tagEvent(event: TagEvent): Record<string, unknown> {
    eventCounter += 1;
    const tag = event.tag ?? { id: syncTag.id, name: syncTag.name };
    const adminId = event.adminId === undefined ? TAG_ADMIN : event.adminId;
    const tagPart = adminId && {
      type: 'conversation_part',
      id: `part-${eventCounter}`,
      part_type: 'tag',
      body: tag.name,
      created_at: 1_700_000_000,
      author: { type: 'admin', id: adminId },
    };
    return {
      type: 'notification_event',
      id: uniqueId('notif_tag'),
      topic: 'conversation_part.tag.created',
      app_id: 'test-app',
      data: {
        type: 'notification_event_data',
        item: {
          type: 'conversation',
          id: event.conversationId,
          ...(event.contactId && {
            source: { type: 'conversation', author: { type: 'lead', id: event.contactId } },
            contacts: {
              type: 'contact.list',
              contacts: [{ type: 'contact', id: event.contactId }],
            },
          }),
          ...(event.customAttributes !== null && {
            custom_attributes: event.customAttributes ?? {},
          }),
          ...(event.form !== 'part_only' && {
            tags_added: { type: 'tag.list', tags: [{ type: 'tag', ...tag }] },
          }),
          conversation_parts: {
            type: 'conversation_part.list',
            conversation_parts: tagPart ? [tagPart] : [],
            total_count: tagPart ? 1 : 0,
          },
        },
      },
      links: {},
      created_at: 1_700_000_000,
    };
  }

  /** Sends the notification, waits until the inbox settles it, and returns its row and the calls it caused. */
  async function deliver(payload: Record<string, unknown>) {
    const first = t.intercom.requests.length;
    await t.sendWebhook(payload).expect(200, { received: true });
    const result = await settled(payload.id as string);
    return { row: result, calls: t.intercom.requests.slice(first) };
  }

  const syncFor = (member: TestMember, event: Omit<TagEvent, 'customAttributes'>) =>
    deliver(
      tagEvent({ ...event, customAttributes: { member_number_verification: member.number } }),
    );

  const hasSyncTag = (conversationId: string) =>
    store()
      .conversation(conversationId)
      ?.tags.some((tag) => tag.id === syncTag.id) ?? false;
  const activeUsers = (email: string) =>
    store()
      .contacts()
      .filter((c) => c.role === 'user' && !c.archived && c.email?.toLowerCase() === email);
  const only = (calls: RecordedRequest[], method: string, path: string | RegExp) =>
    calls.filter(
      (c) =>
        c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  const writes = (calls: RecordedRequest[]) => calls.filter((c) => c.method !== 'GET');
  /** The calls besides the one internal note every sync outcome writes for the agent. */
  const withoutNote = (calls: RecordedRequest[], conversationId: string) => {
    const notes = only(calls, 'POST', `/conversations/${conversationId}/reply`);
    expect(notes).toHaveLength(1);
    return calls.filter((c) => !notes.includes(c));
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { INBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } });
    await seedGeography(t.mysql);
    syncTag = t.intercom.store.addTag('mynatca-sync');
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.intercom.faults.reset();
    expect(t.intercom.validationErrors).toEqual([]);
  });

  describe('the member USER contact', () => {
    it('creates a complete USER when the member has no contact yet, and removes the tag', async () => {
      const member = await newMember();
      await insertPositions(t.postgres, [
        {
          membernumber: member.number,
          positiontype: 'Facility President',
          start_date: daysFromToday(-10),
        },
      ]);
      const conversation = taggedConversation();

      const { row: result, calls } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 1 });
      const creates = only(calls, 'POST', '/contacts');
      expect(creates).toHaveLength(1);
      expect(creates[0].body).toEqual({
        role: 'user',
        email: member.email,
        name: member.name,
        phone: '+17654657031',
        custom_attributes: attributesOf(member, 'Facility President'),
      });
      expect(only(calls, 'PUT', /^\/contacts\//)).toHaveLength(0);
      const [user] = activeUsers(member.email);
      expect(activeUsers(member.email)).toHaveLength(1);
      expect(user.custom_attributes).toEqual(attributesOf(member, 'Facility President'));

      expect(hasSyncTag(conversation.id)).toBe(false);
      const untags = only(calls, 'DELETE', `/conversations/${conversation.id}/tags/${syncTag.id}`);
      expect(untags.map((c) => [c.body, c.status])).toEqual([[{ admin_id: TAG_ADMIN }, 200]]);

      expect(t.logs.entries('Processing tag-based sync for conversation')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            conversation_id: conversation.id,
            tag: 'mynatca-sync',
            member_number: member.number,
          }),
        ]),
      );
      expect(t.logs.entries('Updated Intercom contact from tag-based sync')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            contact_id: user.id,
            member_number: member.number,
            email: member.email,
          }),
        ]),
      );
      expect(t.logs.entries('Removed mynatca-sync tag from conversation')).toEqual(
        expect.arrayContaining([expect.objectContaining({ conversation_id: conversation.id })]),
      );
    });

    it('creates the USER and merges the LEAD when the member only has a lead', async () => {
      const member = await newMember();
      const lead = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([lead.id]);

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: lead.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced' });
      const users = activeUsers(member.email);
      expect(users).toHaveLength(1);
      expect(store().getContact(lead.id)).toBeUndefined();
      expect(store().mergedInto(lead.id)).toBe(users[0].id);
      expect(only(calls, 'POST', '/contacts/merge').map((c) => c.body)).toEqual([
        { from: lead.id, into: users[0].id },
      ]);
      expect(store().conversation(conversation.id)?.contact_ids).toEqual([users[0].id]);
      expect(users[0].custom_attributes).toEqual(attributesOf(member));
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it("merges the conversation's lead with another email into the member's USER and updates it", async () => {
      const member = await newMember();
      const user = store().addContact({
        role: 'user',
        email: member.email,
        custom_attributes: { member_number: 'stale', member_type: 'Member' },
      });
      const lead = store().addContact({ role: 'lead', email: 'someone-else@example.org' });
      const conversation = taggedConversation([lead.id]);

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: lead.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced' });
      expect(store().mergedInto(lead.id)).toBe(user.id);
      expect(only(calls, 'POST', '/contacts')).toHaveLength(0);
      const puts = only(calls, 'PUT', `/contacts/${user.id}`);
      expect(puts.map((c) => c.body)).toEqual([
        {
          custom_attributes: attributesOf(member),
          phone: '+17654657031',
          email: member.email,
          name: member.name,
        },
      ]);
      const updated = store().getContact(user.id);
      expect(updated?.custom_attributes).toEqual(attributesOf(member));
      expect(updated?.email).toBe(member.email);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it('keeps the newest of two USERs and archives the older one', async () => {
      const member = await newMember();
      const older = store().addContact({
        role: 'user',
        email: member.email,
        created_at: 1_600_000_000,
      });
      const newer = store().addContact({
        role: 'user',
        email: member.email,
        created_at: 1_650_000_000,
      });
      const conversation = taggedConversation([older.id]);

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: older.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced' });
      expect(store().getContact(older.id)?.archived).toBe(true);
      expect(store().getContact(newer.id)?.archived).toBe(false);
      expect(only(calls, 'POST', `/contacts/${older.id}/archive`)).toHaveLength(1);
      expect(only(calls, 'POST', `/contacts/${newer.id}/archive`)).toHaveLength(0);
      expect(only(calls, 'PUT', `/contacts/${newer.id}`)).toHaveLength(1);
      expect(only(calls, 'PUT', `/contacts/${older.id}`)).toHaveLength(0);
      expect(activeUsers(member.email).map((c) => c.id)).toEqual([newer.id]);
      expect(store().getContact(newer.id)?.custom_attributes).toEqual(attributesOf(member));
    });

    it('continues with the existing USER when the create answers 409', async () => {
      const member = await newMember();
      // Intercom's search lags behind writes: the USER exists but search does not show it yet.
      const user = store().addContact({ role: 'user', email: member.email });
      store().hideFromSearch(user.id);
      const conversation = taggedConversation();

      const { row: result, calls } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 1 });
      expect(only(calls, 'POST', '/contacts').map((c) => c.status)).toEqual([409]);
      expect(only(calls, 'PUT', `/contacts/${user.id}`)).toHaveLength(1);
      expect(activeUsers(member.email).map((c) => c.id)).toEqual([user.id]);
      expect(store().getContact(user.id)?.custom_attributes).toEqual(attributesOf(member));
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it('changes nothing but the attributes when the conversation is tagged again', async () => {
      const member = await newMember();
      const lead = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([lead.id]);
      const event = { conversationId: conversation.id, contactId: lead.id };
      const payload = tagEvent({
        ...event,
        customAttributes: { member_number_verification: member.number },
      });
      await deliver(payload);
      const [user] = activeUsers(member.email);

      // The same notification again is recorded once; a new tag event syncs again, harmlessly.
      const repeat = await deliver(payload);
      expect(repeat.calls).toHaveLength(0);
      store().tagConversation(conversation.id, syncTag.id);
      const again = await syncFor(member, event);

      expect(again.row).toMatchObject({ state: 'done', outcome: 'synced', attempts: 1 });
      expect(only(again.calls, 'POST', '/contacts')).toHaveLength(0);
      expect(only(again.calls, 'POST', '/contacts/merge')).toHaveLength(0);
      expect(only(again.calls, 'PUT', `/contacts/${user.id}`)).toHaveLength(1);
      expect(activeUsers(member.email).map((c) => c.id)).toEqual([user.id]);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });
  });

  describe('nothing to sync', () => {
    it('leaves contacts and tag alone when no member has the number', async () => {
      const lead = store().addContact({ role: 'lead', email: 'unknown@example.com' });
      const conversation = taggedConversation([lead.id]);
      const payload = tagEvent({
        conversationId: conversation.id,
        contactId: lead.id,
        customAttributes: { member_number_verification: '99999' },
      });

      const { row: result, calls } = await deliver(payload);

      expect(result).toMatchObject({ state: 'done', outcome: 'member_not_found', attempts: 1 });
      expect(withoutNote(calls, conversation.id)).toEqual([]);
      expect(store().getContact(lead.id)).toEqual(lead);
      expect(hasSyncTag(conversation.id)).toBe(true);
      expect(t.logs.entries('Member not found for tag-based sync')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ member_number: '99999', conversation_id: conversation.id }),
        ]),
      );
    });

    it('warns and keeps the tag when the member number attribute is missing', async () => {
      const conversation = taggedConversation();
      const payload = tagEvent({ conversationId: conversation.id, customAttributes: {} });

      const { row: result, calls } = await deliver(payload);

      expect(result).toMatchObject({ state: 'done', outcome: 'no_member_number', attempts: 1 });
      expect(withoutNote(calls, conversation.id)).toEqual([]);
      expect(hasSyncTag(conversation.id)).toBe(true);
      expect(t.logs.entries('No member number found in conversation attributes')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: WARN, conversation_id: conversation.id }),
        ]),
      );
    });

    it('makes no Intercom call for other tags (real sample)', async () => {
      const payload = sample('conversation_part_tag_created.json');
      const { row: result, calls } = await deliver(payload);
      expect(result).toMatchObject({ state: 'done', outcome: 'not_sync_tag' });
      expect(calls).toEqual([]);
    });
  });

  describe('tag forms and removal', () => {
    it('reads the real (older) sample: fetches the conversation, uses the display name and INTERCOM_ADMIN_ID', async () => {
      const member = await newMember();
      const payload = sample('conversation_part_tag_created.json');
      const lead = store().addContact({
        id: '5c9553cb27e377f24eed49f7',
        role: 'lead',
        email: 'jerryguitarist@gmail.com',
      });
      const conversation = store().addConversation({
        id: '21330067382',
        contactIds: [lead.id],
        tagIds: [syncTag.id],
        // Agents see the display name; a number typed there arrives as a number.
        custom_attributes: { 'Member Number Verification': Number(member.number) },
      });
      // A notification id of its own: the unchanged sample is delivered by another test.
      payload.id = `${String(payload.id)}-sync`;
      const item = (payload.data as { item: Record<string, unknown> }).item;
      item.tags_added = {
        type: 'tag.list',
        tags: [{ type: 'tag', id: syncTag.id, name: 'mynatca-sync' }],
      };

      const { row: result, calls } = await deliver(payload);

      expect(result).toMatchObject({ state: 'done', outcome: 'synced' });
      expect(only(calls, 'GET', `/conversations/${conversation.id}`)).toHaveLength(1);
      const [user] = activeUsers(member.email);
      expect(store().mergedInto(lead.id)).toBe(user.id);
      expect(user.custom_attributes).toEqual(attributesOf(member));
      // The sample names no admin for the tag: the configured one acts.
      expect(
        only(calls, 'DELETE', `/conversations/${conversation.id}/tags/${syncTag.id}`).map(
          (c) => c.body,
        ),
      ).toEqual([{ admin_id: 'admin-from-config' }]);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it('matches a mixed-case tag named only in the tag part, finding its id with one GET /tags', async () => {
      const member = await newMember();
      const mixed = store().addTag('MyNATCA-Sync');
      const first = taggedConversation([], [mixed.id]);
      const second = taggedConversation([], [mixed.id]);
      const event = (conversationId: string) => ({
        conversationId,
        tag: { name: 'MyNATCA-Sync' },
        form: 'part_only' as const,
      });

      const one = await syncFor(member, event(first.id));
      const two = await syncFor(member, event(second.id));

      expect(one.row).toMatchObject({ state: 'done', outcome: 'synced' });
      expect(two.row).toMatchObject({ state: 'done', outcome: 'synced' });
      for (const conversation of [first, second]) {
        expect(store().conversation(conversation.id)?.tags).toEqual([]);
      }
      // The id is remembered: the second sync does not list the tags again.
      expect(only(two.calls, 'GET', '/tags')).toHaveLength(0);
      expect(
        only(two.calls, 'DELETE', `/conversations/${second.id}/tags/${mixed.id}`),
      ).toHaveLength(1);
      expect(activeUsers(member.email)).toHaveLength(1);
    });

    it('succeeds, with a warning, when the tag is already gone (404)', async () => {
      const member = await newMember();
      const conversation = taggedConversation([], []);

      const { row: result, calls } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({
        state: 'done',
        outcome: 'synced_tag_already_removed',
        attempts: 1,
      });
      expect(only(calls, 'DELETE', /^\/conversations\//).map((c) => c.status)).toEqual([404]);
      expect(activeUsers(member.email)).toHaveLength(1);
      expect(t.logs.entries('Sync tag already removed from conversation')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: WARN, conversation_id: conversation.id }),
        ]),
      );
    });
  });

  describe('lead already merged', () => {
    it('goes on when merging answers 404: the lead was merged by an earlier run, search had not caught up', async () => {
      const member = await newMember();
      const lead = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([lead.id]);
      // What Intercom answers when search still lists a lead that a merge already removed.
      t.intercom.faults.failNext(1, 404, { method: 'POST', pathPrefix: '/contacts/merge' });

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: lead.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 1 });
      expect(only(calls, 'POST', '/contacts/merge').map((c) => c.status)).toEqual([404]);
      const users = activeUsers(member.email);
      expect(users).toHaveLength(1);
      expect(users[0].custom_attributes).toEqual(attributesOf(member));
      expect(hasSyncTag(conversation.id)).toBe(false);
      expect(t.logs.entries('Lead already merged or gone')).toEqual(
        expect.arrayContaining([expect.objectContaining({ lead_id: lead.id })]),
      );
    });
  });

  describe('Intercom as it really is', () => {
    it("unarchives the member's only USER, completes it, merges the lead and removes the tag", async () => {
      const member = await newMember();
      const user = store().addContact({
        role: 'user',
        email: member.email,
        archived: true,
        custom_attributes: { member_number: 'stale' },
      });
      const lead = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([lead.id]);

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: lead.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 1 });
      expect(only(calls, 'POST', '/contacts').map((c) => c.status)).toEqual([409]);
      expect(only(calls, 'POST', `/contacts/${user.id}/unarchive`).map((c) => c.status)).toEqual([
        200,
      ]);
      expect(store().getContact(user.id)).toMatchObject({
        archived: false,
        custom_attributes: attributesOf(member),
      });
      expect(store().mergedInto(lead.id)).toBe(user.id);
      expect(activeUsers(member.email).map((c) => c.id)).toEqual([user.id]);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it('ends failed for good, without retries, tag kept, when the USER was deleted for good', async () => {
      const member = await newMember();
      const gone = store().addContact({ role: 'user', email: member.email, deleted: true });
      const conversation = taggedConversation();

      const { row: result, calls } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({ state: 'failed', attempts: 1 });
      expect(result.last_error).toContain(`ContactNotRestorableError`);
      expect(result.last_error).toContain(gone.id);
      expect(only(calls, 'POST', `/contacts/${gone.id}/unarchive`).map((c) => c.status)).toEqual([
        404,
      ]);
      expect(only(calls, 'PUT', /^\/contacts\//)).toEqual([]);
      expect(hasSyncTag(conversation.id)).toBe(true);
    });

    it('skips a lead Intercom refuses to merge, once, and completes the rest', async () => {
      const member = await newMember();
      const user = store().addContact({ role: 'user', email: member.email });
      const refused = store().addContact({ role: 'lead', email: member.email, unmergeable: true });
      const mergeable = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([mergeable.id]);

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: mergeable.id,
      });

      expect(result).toMatchObject({
        state: 'done',
        outcome: `synced: merge refused by Intercom for lead ${refused.id}`,
        attempts: 1,
      });
      const merges = only(calls, 'POST', '/contacts/merge');
      expect(merges.filter((c) => (c.body as { from: string }).from === refused.id)).toEqual([
        expect.objectContaining({ status: 422 }),
      ]);
      expect(store().mergedInto(mergeable.id)).toBe(user.id);
      expect(store().getContact(refused.id)).toMatchObject({ role: 'lead' });
      expect(store().getContact(user.id)?.custom_attributes).toEqual(attributesOf(member));
      expect(hasSyncTag(conversation.id)).toBe(false);
      expect(t.logs.entries('Intercom refused to merge a lead; skipped')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: WARN, lead_id: refused.id, user_id: user.id }),
        ]),
      );
    });

    it('ends with a permanent outcome, no retry and no query, for an ill-formed member number', async () => {
      const conversation = taggedConversation();
      const payload = tagEvent({
        conversationId: conversation.id,
        customAttributes: { member_number_verification: '\ud80012345' },
      });

      const { row: result, calls } = await deliver(payload);

      expect(result).toMatchObject({
        state: 'done',
        outcome: 'invalid_member_number',
        attempts: 1,
      });
      expect(withoutNote(calls, conversation.id)).toEqual([]);
      expect(hasSyncTag(conversation.id)).toBe(true);
    });
  });

  describe('the note the agent sees', () => {
    const notesOn = (conversationId: string) => store().notes(conversationId);

    it('leaves exactly one internal note naming the member after a successful re-sync', async () => {
      const member = await newMember();
      const conversation = taggedConversation();

      await syncFor(member, { conversationId: conversation.id });

      const notes = notesOn(conversation.id);
      expect(notes).toHaveLength(1);
      expect(notes[0].adminId).toBe(TAG_ADMIN);
      expect(notes[0].body).toContain(`Member ${member.number}, ${member.name} (Active)`);
      expect(notes[0].body).toContain('Created the member’s user contact');
      expect(notes[0].body).not.toContain('465'); // no phone number in notes
    });

    it('leaves one note saying no member has the number', async () => {
      const conversation = taggedConversation();
      await deliver(
        tagEvent({
          conversationId: conversation.id,
          customAttributes: { member_number_verification: '98765' },
        }),
      );
      const notes = notesOn(conversation.id);
      expect(notes).toHaveLength(1);
      expect(notes[0].body).toContain('no Active or Retired member has the number <b>98765</b>');
    });

    it('leaves one note saying which attribute to fill when the number is missing', async () => {
      const conversation = taggedConversation();
      await deliver(tagEvent({ conversationId: conversation.id, customAttributes: {} }));
      const notes = notesOn(conversation.id);
      expect(notes).toHaveLength(1);
      expect(notes[0].body).toContain('Member Number Verification');
    });

    it('leaves exactly one note when Intercom fails once and the retry succeeds', async () => {
      const member = await newMember();
      const conversation = taggedConversation();
      t.intercom.faults.failNext(1, 503, { method: 'POST', pathPrefix: '/contacts/search' });

      const { row: result } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 2 });
      expect(notesOn(conversation.id)).toHaveLength(1);
    });

    it('adds no note when a done notification is replayed', async () => {
      const member = await newMember();
      const conversation = taggedConversation();
      const payload = tagEvent({
        conversationId: conversation.id,
        customAttributes: { member_number_verification: member.number },
      });
      await deliver(payload);
      expect(notesOn(conversation.id)).toHaveLength(1);
      store().tagConversation(conversation.id, syncTag.id);
      const [{ id }] = await t.mysql.query<Array<{ id: number }>>(
        'SELECT id FROM intercom_notifications WHERE notification_id = ?',
        [payload.id],
      );

      await t
        .http()
        .post(`/api/admin/notifications/${id}/replay`)
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .expect(202);
      const replayed = await waitFor(async () => {
        const r = await row(payload.id as string);
        return r && r.state === 'done' && r.attempts === 1 && r.outcome ? r : undefined;
      }, 'the replayed notification to be done again');

      expect(replayed.outcome).toBe('synced');
      expect(notesOn(conversation.id)).toHaveLength(1);
    });

    it('tells the agent when the sync failed for good', async () => {
      const member = await newMember();
      store().addContact({ role: 'user', email: member.email, deleted: true });
      const conversation = taggedConversation();

      await syncFor(member, { conversationId: conversation.id });

      await waitFor(() => notesOn(conversation.id).length > 0 || undefined, 'a note');
      const notes = notesOn(conversation.id);
      expect(notes).toHaveLength(1);
      expect(notes[0].body).toContain('could not restore');
    });
  });

  describe('failures', () => {
    it('retries when Intercom fails mid-way and ends complete, with no duplicates', async () => {
      const member = await newMember();
      const lead = store().addContact({ role: 'lead', email: member.email });
      const conversation = taggedConversation([lead.id]);
      // The USER is created, then merging fails twice, then removing the tag fails once.
      t.intercom.faults.failNext(2, 503, { method: 'POST', pathPrefix: '/contacts/merge' });
      t.intercom.faults.failNext(1, 500, { method: 'DELETE', pathPrefix: '/conversations/' });

      const { row: result, calls } = await syncFor(member, {
        conversationId: conversation.id,
        contactId: lead.id,
      });

      expect(result).toMatchObject({ state: 'done', outcome: 'synced', attempts: 4 });
      expect(only(calls, 'POST', '/contacts').map((c) => c.status)).toEqual([200]);
      const users = activeUsers(member.email);
      expect(users).toHaveLength(1);
      expect(store().mergedInto(lead.id)).toBe(users[0].id);
      expect(only(calls, 'POST', '/contacts/merge').map((c) => c.status)).toEqual([503, 503, 200]);
      expect(users[0].custom_attributes).toEqual(attributesOf(member));
      // The tag stayed on until a run got through every step.
      const untags = only(calls, 'DELETE', /^\/conversations\//);
      expect(untags.map((c) => c.status)).toEqual([500, 200]);
      const merged = only(calls, 'POST', '/contacts/merge').find((c) => c.status === 200);
      expect(untags[0].at).toBeGreaterThanOrEqual(merged?.at ?? Infinity);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });

    it('keeps the tag and records the failure when Intercom stays down', async () => {
      const member = await newMember();
      const conversation = taggedConversation();
      t.intercom.faults.failNext(MAX_ATTEMPTS, 500, {
        method: 'POST',
        pathPrefix: '/contacts/search',
      });

      const { row: result, calls } = await syncFor(member, { conversationId: conversation.id });

      expect(result).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
      expect(result.last_error).toContain('HTTP 500');
      // The failure note comes after the row is recorded failed: wait for it.
      await waitFor(() => store().notes(conversation.id).length > 0 || undefined, 'the note');
      const later = t.intercom.requests.slice(t.intercom.requests.indexOf(calls[0]));
      expect(
        withoutNote(writes(later), conversation.id).filter((c) => c.path !== '/contacts/search'),
      ).toEqual([]);
      expect(hasSyncTag(conversation.id)).toBe(true);
      expect(t.logs.entries('Tag-based sync failed')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: ERROR, conversation_id: conversation.id }),
        ]),
      );
    });

    it('retries while the member database is unavailable, tag kept until it succeeds', async () => {
      const member = await newMember();
      const conversation = taggedConversation();
      const payload = tagEvent({
        conversationId: conversation.id,
        customAttributes: { member_number_verification: member.number },
      });
      await t.mysql.query('RENAME TABLE members TO members_away');
      try {
        await t.sendWebhook(payload).expect(200);
        const failing = await waitFor(async () => {
          const r = await row(payload.id as string);
          return r && r.attempts >= 1 && r.last_error ? r : undefined;
        }, 'a first failed attempt');
        expect(failing.state).not.toBe('failed');
        expect(hasSyncTag(conversation.id)).toBe(true);
      } finally {
        await t.mysql.query('RENAME TABLE members_away TO members');
      }

      const result = await settled(payload.id as string);

      expect(result).toMatchObject({ state: 'done', outcome: 'synced' });
      expect(result.attempts).toBeGreaterThanOrEqual(2);
      expect(activeUsers(member.email)).toHaveLength(1);
      expect(hasSyncTag(conversation.id)).toBe(false);
    });
  });
});
