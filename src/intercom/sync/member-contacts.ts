import { sameEmail } from '../enrichment';
import type { IntercomContact } from '../gateway';

/** The contacts that share a member's email, sorted by what the re-sync does with each. */
export interface MemberContacts {
  /** The USER that stays: the newest one (docs/reference.md, "Manual re-sync" archives the older ones). */
  keep?: IntercomContact;
  /** Older USERs with the same email, to be archived. */
  olderUsers: IntercomContact[];
  /** LEADs with the same email, to be merged into the USER. */
  leads: IntercomContact[];
}

/** Newest first; equal creation times fall back to the id, which Intercom issues in time order. */
function newestFirst(a: IntercomContact, b: IntercomContact): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Sorts search results into the USER to keep, older USERs and LEADs. Only
 * contacts whose email really is the member's count: a search is a search,
 * and archiving or merging someone else's contact cannot be undone.
 */
export function sortMemberContacts(
  contacts: readonly IntercomContact[],
  email: string,
): MemberContacts {
  const mine = contacts.filter((contact) => sameEmail(contact.email, email));
  const [keep, ...olderUsers] = mine.filter((contact) => contact.role === 'user').sort(newestFirst);
  return { keep, olderUsers, leads: mine.filter((contact) => contact.role === 'lead') };
}
