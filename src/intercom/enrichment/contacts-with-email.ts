import { ContactSearchWalk } from '../gateway';
import type { IntercomContact, IntercomGateway } from '../gateway';

/** Intercom pages a search at most 150; 50 is its default and plenty for one email. */
const SEARCH_PAGE_SIZE = 50;

/** Emails compare trimmed and ignoring case, as Intercom's own search does. */
export function sameEmail(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Every contact whose email is this one, over all pages of Intercom's search (each once).
 * Results are filtered again by email: a search is a search, and what callers
 * do next (update, merge, archive) must only touch the member's own contacts.
 */
export async function contactsWithEmail(
  intercom: IntercomGateway,
  email: string,
): Promise<IntercomContact[]> {
  const walk = new ContactSearchWalk(
    intercom,
    { field: 'email', operator: '=', value: email },
    { perPage: SEARCH_PAGE_SIZE },
  );
  const contacts = await walk.rest();
  // Acting on part of a member's contacts (merging, archiving) could pick the wrong one.
  walk.assertComplete();
  return contacts.filter((contact) => sameEmail(contact.email, email));
}
