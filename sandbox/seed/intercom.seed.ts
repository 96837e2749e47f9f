import type {
  IntercomStore,
  StoredContact,
  StoredConversation,
  StoredTag,
} from '../../test/support/intercom-double/intercom-double';

/** The sync tag and conversation attribute at their docs/reference.md, "Configuration" defaults. */
export const SYNC_TAG = 'mynatca-sync';
export const MEMBER_NUMBER_ATTRIBUTE = 'member_number_verification';

/** What the walkthrough needs to find again in the workspace. */
export interface IntercomSeed {
  /** A USER whose email belongs to an Active member, not enriched yet. */
  member: StoredContact;
  memberConversation: StoredConversation;
  /** A LEAD whose email no member has. */
  stranger: StoredContact;
  strangerConversation: StoredConversation;
  /** Jane's USER contact, never enriched, and the LEAD she wrote from before logging in. */
  retiredUser: StoredContact;
  retiredLead: StoredContact;
  /** The LEAD's conversation, where an agent typed her member number and added the sync tag. */
  syncConversation: StoredConversation;
  syncTag: StoredTag;
  /** A LEAD with Maria's email (an Active member), whose conversation's member card an agent opens. */
  cardLead: StoredContact;
  cardConversation: StoredConversation;
}

/** A small Intercom workspace: five contacts, four conversations, the sync tag applied once. */
export function seedIntercom(store: IntercomStore): IntercomSeed {
  const member = store.addContact({
    role: 'user',
    email: 'john.doe@example.com',
    name: 'John Doe',
  });
  const stranger = store.addContact({
    role: 'lead',
    email: 'visitor@unknown.example',
    name: 'Curious Visitor',
  });
  const retiredUser = store.addContact({
    role: 'user',
    email: 'jane.smith@example.com',
    name: 'Jane Smith',
  });
  const retiredLead = store.addContact({ role: 'lead', email: 'jane.smith@example.com' });
  const syncTag = store.addTag(SYNC_TAG);
  const cardLead = store.addContact({ role: 'lead', email: 'maria.garcia@example.com' });
  return {
    member,
    memberConversation: store.addConversation({ contactIds: [member.id] }),
    stranger,
    strangerConversation: store.addConversation({ contactIds: [stranger.id] }),
    retiredUser,
    retiredLead,
    syncConversation: store.addConversation({
      contactIds: [retiredLead.id],
      custom_attributes: { [MEMBER_NUMBER_ATTRIBUTE]: '10002' },
      tagIds: [syncTag.id],
    }),
    syncTag,
    cardLead,
    cardConversation: store.addConversation({ contactIds: [cardLead.id] }),
  };
}
