import { memberOf } from '../../../test/support/member-fixtures';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { intercomConfig } from '../../common/config/intercom.config';
import type { Member } from '../../members/member';
import type { MemberRepository } from '../../members/member.repository';
import type { PositionsService } from '../../positions/positions.service';
import type { ContactChanges, ContactPage, IntercomContact } from '../gateway/intercom-contact';
import {
  IntercomConflictError,
  IntercomNotFoundError,
  IntercomRequestError,
  IntercomTransientError,
} from '../gateway/intercom.errors';
import type { IntercomGateway } from '../gateway/intercom.gateway';
import { classifyFailure } from '../inbox/failure-classification';
import { ContactNotRestorableError } from './contact-not-restorable.error';
import { MemberContactWrittenEvent } from '../events/intercom.events';
import type { SyncNoteWriter } from './notes/sync-note.writer';
import { TagSyncHandler } from './tag-sync.handler';

const EMAIL = 'john.doe@example.com';

const member = memberOf;

const contact = (id: string, role: string, createdAt = 1, email: string | null = EMAIL) =>
  ({ id, role, email, phone: null, customAttributes: {}, createdAt }) satisfies IntercomContact;

const page = (contacts: IntercomContact[], nextCursor: string | null = null): ContactPage => ({
  contacts,
  totalCount: contacts.length,
  nextCursor,
});

/** A 2.x-style tag notification: the tag part names the admin, the conversation its attributes. */
function notification(
  item: Record<string, unknown> = {},
  tag: Record<string, unknown> = { id: 'tag-1', name: 'mynatca-sync' },
) {
  return {
    topic: 'conversation_part.tag.created',
    data: {
      item: {
        type: 'conversation',
        id: 'conv-1',
        contacts: { contacts: [{ type: 'contact', id: 'own-contact' }] },
        custom_attributes: { member_number_verification: '12345' },
        tags_added: { tags: [tag] },
        conversation_parts: {
          conversation_parts: [
            { part_type: 'tag', body: tag.name, author: { type: 'admin', id: 'admin-1' } },
          ],
        },
        ...item,
      },
    },
  };
}

function gatewayMock(): jest.Mocked<IntercomGateway> {
  return {
    getContact: jest.fn().mockResolvedValue(null),
    updateContact: jest.fn((id: string, _changes: ContactChanges) =>
      Promise.resolve(contact(id, 'user')),
    ),
    createContact: jest.fn().mockResolvedValue(contact('created', 'user', 999)),
    searchContacts: jest.fn().mockResolvedValue(page([])),
    mergeContacts: jest.fn((_lead: string, user: string) => Promise.resolve(contact(user, 'user'))),
    archiveContact: jest.fn().mockResolvedValue(undefined),
    unarchiveContact: jest.fn().mockResolvedValue(undefined),
    listContactAttributes: jest.fn().mockResolvedValue([]),
    createContactAttribute: jest.fn(),
    addConversationNote: jest.fn().mockResolvedValue(undefined),
    getConversation: jest.fn().mockResolvedValue(null),
    listTags: jest.fn().mockResolvedValue([{ id: 'tag-1', name: 'mynatca-sync' }]),
    removeConversationTag: jest.fn().mockResolvedValue(true),
  };
}

describe('TagSyncHandler', () => {
  let intercom: jest.Mocked<IntercomGateway>;
  let findByNumber: jest.Mock<Promise<Member | null>, [string]>;
  let currentTitles: jest.Mock<Promise<string[]>, [string]>;
  let config: ConfigType<typeof intercomConfig>;
  let logs: { level: string; entry: Record<string, unknown> }[];
  let notes: jest.Mocked<Pick<SyncNoteWriter, 'write'>>;
  let events: { emit: jest.Mock };

  const CONTEXT = { notificationId: 'notif-1', topic: 'conversation_part.tag.created' };
  const handler = () => {
    const sync = new TagSyncHandler(
      intercom,
      { findByNumber } as unknown as MemberRepository,
      { currentTitles } as unknown as PositionsService,
      config,
      notes as unknown as SyncNoteWriter,
      events as unknown as EventEmitter2,
    );
    return {
      handle: (payload: unknown) => sync.handle(payload, CONTEXT),
      onFailed: (payload: unknown, error: unknown) => sync.onFailed(payload, CONTEXT, error),
    };
  };
  const noted = () => notes.write.mock.calls.map(([target, outcome]) => ({ target, outcome }));
  const logged = (msg: string) => logs.filter((l) => l.entry.msg === msg);
  const writes = () =>
    [
      intercom.createContact,
      intercom.updateContact,
      intercom.mergeContacts,
      intercom.archiveContact,
      intercom.removeConversationTag,
    ].reduce((sum, fn) => sum + fn.mock.calls.length, 0);

  beforeEach(() => {
    events = { emit: jest.fn() };
    intercom = gatewayMock();
    notes = { write: jest.fn().mockResolvedValue('written') };
    findByNumber = jest.fn().mockResolvedValue(member());
    currentTitles = jest.fn().mockResolvedValue(['Facility President']);
    config = {
      accessToken: 'token',
      apiBaseUrl: 'http://intercom',
      apiVersion: '2.11',
      clientSecrets: [],
      webhookUnsignedAllowed: false,
      adminId: 'admin-from-config',
      rateLimit: 166,
      rateWindowMs: 10_000,
      timeoutMs: 1000,
      authProbeIntervalMs: 60_000,
      syncTag: 'mynatca-sync',
      memberNumberAttribute: 'member_number_verification',
    };
    logs = [];
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
        logs.push({ level, entry: args[0] as Record<string, unknown> });
      });
    }
  });

  afterEach(() => jest.restoreAllMocks());

  describe('skips', () => {
    it('does nothing at all for another tag', async () => {
      const result = await handler().handle(notification({}, { id: 't', name: 'billing' }));
      expect(result).toBe('not_sync_tag');
      expect(findByNumber).not.toHaveBeenCalled();
      for (const fn of Object.values(intercom)) expect(fn).not.toHaveBeenCalled();
    });

    it('does nothing for a payload without a conversation', async () => {
      await expect(handler().handle({ data: null })).resolves.toBe('not_sync_tag');
    });

    it('ends without a conversation id', async () => {
      await expect(handler().handle(notification({ id: null }))).resolves.toBe(
        'no_conversation_id',
      );
      expect(findByNumber).not.toHaveBeenCalled();
    });

    it('warns and keeps the tag when the member number is missing', async () => {
      const result = await handler().handle(notification({ custom_attributes: { other: 'x' } }));
      expect(result).toBe('no_member_number');
      expect(logged('No member number found in conversation attributes')).toEqual([
        { level: 'warn', entry: expect.objectContaining({ conversation_id: 'conv-1' }) },
      ]);
      expect(findByNumber).not.toHaveBeenCalled();
      expect(writes()).toBe(0);
    });

    it('logs at info and keeps the tag when no member has the number', async () => {
      findByNumber.mockResolvedValue(null);
      const result = await handler().handle(
        notification({ custom_attributes: { member_number_verification: ' 99999 ' } }),
      );
      expect(result).toBe('member_not_found');
      expect(findByNumber).toHaveBeenCalledWith('99999');
      expect(logged('Member not found for tag-based sync')).toEqual([
        {
          level: 'log',
          entry: expect.objectContaining({ member_number: '99999', conversation_id: 'conv-1' }),
        },
      ]);
      expect(intercom.searchContacts).not.toHaveBeenCalled();
      expect(writes()).toBe(0);
    });

    it('keeps the tag when the member has no email to find a contact by', async () => {
      findByNumber.mockResolvedValue(member({ email: null }));
      await expect(handler().handle(notification())).resolves.toBe('member_without_email');
      expect(intercom.searchContacts).not.toHaveBeenCalled();
      expect(writes()).toBe(0);
    });
  });

  describe('conversation attributes', () => {
    it('fetches the conversation when the payload has no custom_attributes', async () => {
      intercom.getConversation.mockResolvedValue({
        id: 'conv-1',
        customAttributes: { 'Member Number Verification': 12345 },
        contactIds: ['fetched-contact'],
        tags: [{ id: 'tag-from-conversation', name: 'mynatca-sync' }],
      });
      intercom.getContact.mockResolvedValue(contact('fetched-contact', 'lead', 1, 'x@y.z'));
      const payload = notification(
        { custom_attributes: undefined, contacts: undefined },
        { name: 'mynatca-sync' },
      );
      await expect(handler().handle(payload)).resolves.toBe('synced');
      expect(intercom.getConversation).toHaveBeenCalledWith('conv-1');
      expect(findByNumber).toHaveBeenCalledWith('12345');
      expect(intercom.mergeContacts).toHaveBeenCalledWith('fetched-contact', 'created');
      expect(intercom.removeConversationTag).toHaveBeenCalledWith(
        'conv-1',
        'tag-from-conversation',
        'admin-1',
      );
      expect(intercom.listTags).not.toHaveBeenCalled();
    });

    it('ends as done when the conversation is gone', async () => {
      const payload = notification({ custom_attributes: undefined });
      await expect(handler().handle(payload)).resolves.toBe('conversation_not_found');
      expect(findByNumber).not.toHaveBeenCalled();
    });
  });

  describe('the USER contact', () => {
    it('tells the member sync what the USER now carries (section 5 only), once', async () => {
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(events.emit).toHaveBeenCalledTimes(1);
      const [name, event] = events.emit.mock.calls[0] as [string, MemberContactWrittenEvent];
      expect(name).toBe(MemberContactWrittenEvent.name);
      expect(event.memberNumber).toBe('12345');
      expect(Object.keys(event.attributes.customAttributes).sort()).toEqual([
        'facility',
        'member_number',
        'member_type',
        'positions',
        'region',
      ]);
      expect(event.attributes).not.toHaveProperty('email');
      expect(event.attributes).not.toHaveProperty('name');
    });

    it('tells nothing when the member is unknown', async () => {
      findByNumber.mockResolvedValue(null);
      await expect(handler().handle(notification())).resolves.toBe('member_not_found');
      expect(events.emit).not.toHaveBeenCalled();
    });

    it('creates a complete USER when there is none, without a second write', async () => {
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(intercom.searchContacts).toHaveBeenCalledWith(
        { field: 'email', operator: '=', value: EMAIL },
        { perPage: 50, cursor: null },
      );
      expect(intercom.createContact).toHaveBeenCalledWith({
        role: 'user',
        email: EMAIL,
        name: 'John Doe',
        phone: '+17654657031',
        customAttributes: {
          member_number: '12345',
          member_type: 'Current Member',
          region: 'GL',
          facility: 'ZAU',
          positions: 'Facility President',
        },
      });
      expect(intercom.updateContact).not.toHaveBeenCalled();
      expect(logged('Updated Intercom contact from tag-based sync')).toEqual([
        {
          level: 'log',
          entry: expect.objectContaining({
            contact_id: 'created',
            member_number: '12345',
            email: EMAIL,
          }),
        },
      ]);
    });

    it('continues with the contact a 409 names, and updates it', async () => {
      intercom.createContact.mockRejectedValue(new IntercomConflictError('existing-1'));
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(intercom.updateContact).toHaveBeenCalledWith(
        'existing-1',
        expect.objectContaining({ email: EMAIL, name: 'John Doe' }),
      );
    });

    it('fails (tag kept) when a 409 names no contact', async () => {
      const conflict = new IntercomConflictError(null);
      intercom.createContact.mockRejectedValue(conflict);
      await expect(handler().handle(notification())).rejects.toBe(conflict);
      expect(intercom.removeConversationTag).not.toHaveBeenCalled();
      expect(logged('Tag-based sync failed')).toEqual([
        { level: 'error', entry: expect.objectContaining({ conversation_id: 'conv-1' }) },
      ]);
    });

    it('unarchives the USER an archived-style 409 names, then completes it', async () => {
      intercom.createContact.mockRejectedValue(new IntercomConflictError('archived-1', true));
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(intercom.unarchiveContact.mock.calls).toEqual([['archived-1']]);
      expect(intercom.unarchiveContact.mock.invocationCallOrder[0]).toBeLessThan(
        intercom.updateContact.mock.invocationCallOrder[0],
      );
      expect(intercom.updateContact).toHaveBeenCalledWith('archived-1', expect.anything());
      expect(intercom.removeConversationTag).toHaveBeenCalled();
    });

    it.each([
      ['404', new IntercomNotFoundError('POST contact unarchive')],
      ['500', new IntercomTransientError('POST contact unarchive: HTTP 500', 500)],
    ])(
      'fails for good, tag kept, when the archived USER cannot be unarchived (%s)',
      async (_status, refusal) => {
        intercom.createContact.mockRejectedValue(new IntercomConflictError('gone-1', true));
        intercom.unarchiveContact.mockRejectedValue(refusal);
        const failure = await handler()
          .handle(notification())
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(failure).toBeInstanceOf(ContactNotRestorableError);
        expect(classifyFailure(failure)).toBe('permanent');
        expect(intercom.updateContact).not.toHaveBeenCalled();
        expect(intercom.removeConversationTag).not.toHaveBeenCalled();
      },
    );

    it('keeps a timed-out unarchive transient: the contact may still come back', async () => {
      const timeout = new IntercomTransientError('POST contact unarchive: no answer within 10 ms');
      intercom.createContact.mockRejectedValue(new IntercomConflictError('archived-1', true));
      intercom.unarchiveContact.mockRejectedValue(timeout);
      await expect(handler().handle(notification())).rejects.toBe(timeout);
      expect(classifyFailure(timeout)).toBe('transient');
    });

    it.each([
      [
        '422 with an empty code',
        new IntercomRequestError('POST contacts/merge: HTTP 422', 422, ''),
      ],
      [
        '400 parameter_invalid',
        new IntercomRequestError('POST contacts/merge: HTTP 400', 400, 'parameter_invalid'),
      ],
    ])(
      'skips a lead Intercom refuses to merge (%s) and names it in the outcome',
      async (_what, refusal) => {
        intercom.searchContacts.mockResolvedValue(
          page([contact('u', 'user'), contact('bad-lead', 'lead'), contact('good-lead', 'lead')]),
        );
        intercom.mergeContacts.mockImplementation((lead: string, user: string) =>
          lead === 'bad-lead' ? Promise.reject(refusal) : Promise.resolve(contact(user, 'user')),
        );
        await expect(handler().handle(notification())).resolves.toBe(
          'synced: merge refused by Intercom for lead bad-lead',
        );
        expect(intercom.mergeContacts.mock.calls).toEqual([
          ['bad-lead', 'u'],
          ['good-lead', 'u'],
        ]);
        expect(intercom.updateContact).toHaveBeenCalledWith('u', expect.anything());
        expect(intercom.removeConversationTag).toHaveBeenCalled();
        expect(logged('Intercom refused to merge a lead; skipped')).toHaveLength(1);
      },
    );

    it('does not skip a merge refused for authentication: that fails the sync', async () => {
      const auth = new IntercomRequestError('POST contacts/merge: HTTP 401', 401, 'unauthorized');
      intercom.searchContacts.mockResolvedValue(page([contact('u', 'user'), contact('l', 'lead')]));
      intercom.mergeContacts.mockRejectedValue(auth);
      await expect(handler().handle(notification())).rejects.toBe(auth);
      expect(intercom.removeConversationTag).not.toHaveBeenCalled();
    });

    it('reads every page of the search, keeps the newest USER and archives the older ones', async () => {
      intercom.searchContacts
        .mockResolvedValueOnce(page([contact('u-old', 'user', 100)], 'cursor-2'))
        .mockResolvedValueOnce(page([contact('u-new', 'user', 300), contact('lead', 'lead')]));
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(intercom.searchContacts).toHaveBeenLastCalledWith(expect.anything(), {
        perPage: 50,
        cursor: 'cursor-2',
      });
      expect(intercom.createContact).not.toHaveBeenCalled();
      expect(intercom.mergeContacts.mock.calls).toEqual([['lead', 'u-new']]);
      expect(intercom.archiveContact.mock.calls).toEqual([['u-old']]);
      expect(intercom.updateContact).toHaveBeenCalledWith('u-new', expect.anything());
    });

    it("merges the conversation's own LEAD, but not a USER", async () => {
      intercom.searchContacts.mockResolvedValue(page([contact('u', 'user')]));
      intercom.getContact.mockResolvedValue(contact('own-contact', 'lead', 1, 'other@x.y'));
      await handler().handle(notification());
      expect(intercom.mergeContacts.mock.calls).toEqual([['own-contact', 'u']]);

      intercom.mergeContacts.mockClear();
      intercom.getContact.mockResolvedValue(contact('own-contact', 'user', 1, 'other@x.y'));
      await handler().handle(notification());
      expect(intercom.mergeContacts).not.toHaveBeenCalled();
      expect(intercom.archiveContact).not.toHaveBeenCalled();
    });

    it('does not look up the own contact when it is the USER itself', async () => {
      intercom.searchContacts.mockResolvedValue(page([contact('own-contact', 'user')]));
      await handler().handle(notification());
      expect(intercom.getContact).not.toHaveBeenCalled();
    });

    it('treats a lead or duplicate that is already gone (404) as done', async () => {
      intercom.searchContacts.mockResolvedValue(
        page([contact('u-old', 'user', 1), contact('u-new', 'user', 2), contact('l', 'lead')]),
      );
      intercom.mergeContacts.mockRejectedValue(new IntercomNotFoundError('POST contacts/merge'));
      intercom.archiveContact.mockRejectedValue(new IntercomNotFoundError('POST contact archive'));
      await expect(handler().handle(notification())).resolves.toBe('synced');
      expect(intercom.updateContact).toHaveBeenCalledWith('u-new', expect.anything());
      expect(logged('Lead already merged or gone')).toHaveLength(1);
    });

    it('throws Intercom failures so the inbox retries, and keeps the tag', async () => {
      const outage = new IntercomTransientError('POST contacts/merge: HTTP 503', 503);
      intercom.searchContacts.mockResolvedValue(page([contact('u', 'user'), contact('l', 'lead')]));
      intercom.mergeContacts.mockRejectedValue(outage);
      await expect(handler().handle(notification())).rejects.toBe(outage);
      expect(intercom.removeConversationTag).not.toHaveBeenCalled();
    });

    it('throws database failures so the inbox retries', async () => {
      const down = new Error('connect ECONNREFUSED');
      findByNumber.mockRejectedValue(down);
      await expect(handler().handle(notification())).rejects.toBe(down);
      expect(writes()).toBe(0);
    });
  });

  describe('removing the tag', () => {
    it('acts as the admin who added the tag, else INTERCOM_ADMIN_ID', async () => {
      await handler().handle(notification());
      expect(intercom.removeConversationTag).toHaveBeenLastCalledWith('conv-1', 'tag-1', 'admin-1');

      await handler().handle(notification({ conversation_parts: undefined }));
      expect(intercom.removeConversationTag).toHaveBeenLastCalledWith(
        'conv-1',
        'tag-1',
        'admin-from-config',
      );
    });

    it('keeps the tag, with a warning, when no admin is known', async () => {
      config.adminId = undefined;
      await expect(handler().handle(notification({ conversation_parts: undefined }))).resolves.toBe(
        'synced_tag_no_admin',
      );
      expect(intercom.removeConversationTag).not.toHaveBeenCalled();
    });

    it('treats a tag already gone (404) as success, with a warning', async () => {
      intercom.removeConversationTag.mockResolvedValue(false);
      await expect(handler().handle(notification())).resolves.toBe('synced_tag_already_removed');
      expect(logged('Sync tag already removed from conversation')).toEqual([
        { level: 'warn', entry: expect.objectContaining({ conversation_id: 'conv-1' }) },
      ]);
    });

    it('looks the tag id up once per process when the payload has none', async () => {
      const sync = handler();
      const untagged = notification({}, { name: 'MyNATCA-Sync' });
      await sync.handle(untagged);
      await sync.handle(untagged);
      expect(intercom.listTags).toHaveBeenCalledTimes(1);
      expect(intercom.removeConversationTag.mock.calls).toEqual([
        ['conv-1', 'tag-1', 'admin-1'],
        ['conv-1', 'tag-1', 'admin-1'],
      ]);
    });

    it('asks again when the cached tag id is stale', async () => {
      const sync = handler();
      const untagged = notification({}, { name: 'mynatca-sync' });
      await sync.handle(untagged);
      intercom.listTags.mockResolvedValue([{ id: 'tag-2', name: 'mynatca-sync' }]);
      intercom.removeConversationTag.mockImplementation((_c, tagId) =>
        Promise.resolve(tagId === 'tag-2'),
      );
      await expect(sync.handle(untagged)).resolves.toBe('synced');
      expect(intercom.listTags).toHaveBeenCalledTimes(2);
      expect(intercom.removeConversationTag).toHaveBeenLastCalledWith('conv-1', 'tag-2', 'admin-1');
    });

    it('does not remember a failed tag list', async () => {
      const sync = handler();
      const untagged = notification({}, { name: 'mynatca-sync' });
      intercom.listTags.mockRejectedValueOnce(new IntercomTransientError('GET tags: HTTP 500'));
      await expect(sync.handle(untagged)).rejects.toThrow('HTTP 500');
      await expect(sync.handle(untagged)).resolves.toBe('synced');
      expect(intercom.listTags).toHaveBeenCalledTimes(2);
    });

    it('counts a tag the workspace no longer has as already removed', async () => {
      intercom.listTags.mockResolvedValue([{ id: 'x', name: 'other' }]);
      await expect(handler().handle(notification({}, { name: 'mynatca-sync' }))).resolves.toBe(
        'synced_tag_already_removed',
      );
      expect(intercom.removeConversationTag).not.toHaveBeenCalled();
    });
  });

  describe('the note for the agent', () => {
    const target = { notificationId: 'notif-1', conversationId: 'conv-1', adminId: 'admin-1' };

    it('says what the sync did, with what changed on the contact', async () => {
      intercom.searchContacts.mockResolvedValue(
        page([
          {
            ...contact('u', 'user'),
            customAttributes: {
              member_number: '12345',
              member_type: 'Current Member',
              region: 'GL',
              facility: 'ORD',
              positions: '',
            },
          },
        ]),
      );
      await handler().handle(notification());
      expect(noted()).toEqual([
        {
          target,
          outcome: expect.objectContaining({
            kind: 'synced',
            memberNumber: '12345',
            name: 'John Doe',
            status: 'Active',
            created: false,
            changes: expect.arrayContaining([{ field: 'facility', from: 'ORD', to: 'ZAU' }]),
          }),
        },
      ]);
    });

    it.each([
      ['no member number', { custom_attributes: {} }, { kind: 'no_member_number' }],
      [
        'an unknown number',
        { custom_attributes: { member_number_verification: '99999' } },
        { kind: 'member_not_found', memberNumber: '99999' },
      ],
    ])('writes one note for %s', async (_what, item, outcome) => {
      findByNumber.mockResolvedValue(null);
      await handler().handle(notification(item));
      expect(noted()).toEqual([{ target, outcome: expect.objectContaining(outcome) }]);
    });

    it('writes none while the sync fails (the inbox retries), and none for other tags', async () => {
      intercom.searchContacts.mockRejectedValue(new IntercomTransientError('HTTP 503', 503));
      await expect(handler().handle(notification())).rejects.toThrow('HTTP 503');
      await handler().handle(notification({}, { id: 'tag-2', name: 'vip' }));
      expect(notes.write).not.toHaveBeenCalled();
    });

    it('writes the failure note when the inbox gives up, naming a contact that cannot be restored', async () => {
      await handler().onFailed(notification(), new IntercomTransientError('HTTP 503', 503));
      await handler().onFailed(notification(), new ContactNotRestorableError('c1', 'HTTP 404'));
      expect(noted().map((n) => n.outcome)).toEqual([
        { kind: 'failed' },
        { kind: 'contact_not_restorable' },
      ]);
    });
  });
});
