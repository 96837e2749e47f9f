import { id, object } from '../enrichment';

/**
 * The inbox topic of a "Sync member" click on the member card. Not one of Intercom's topics:
 * the card records its own rows, so the sync gets the inbox's retries, leases and one note.
 */
export const MEMBER_CARD_SYNC_TOPIC = 'member_card.sync';

/** One click's work, as the inbox row's payload (JSON). */
export interface MemberCardSyncJob {
  conversationId: string;
  /** The contact viewed in the conversation details: merged when it is a LEAD. */
  contactId?: string;
  memberNumber: string;
  /** The teammate who clicked: the note is written as them and names them. */
  adminId?: string;
  adminName: string;
}

/** The job back from a row's payload; null when it is not one (never for rows the card wrote). */
export function parseMemberCardSyncJob(payload: unknown): MemberCardSyncJob | null {
  const json = object(payload);
  const conversationId = id(json?.conversationId);
  const memberNumber = id(json?.memberNumber);
  if (!json || !conversationId || !memberNumber) return null;
  return {
    conversationId,
    memberNumber,
    contactId: id(json.contactId),
    adminId: id(json.adminId),
    adminName: typeof json.adminName === 'string' ? json.adminName : 'a teammate',
  };
}
