import type { IntercomContact } from '../gateway/intercom-contact';
import type { IntercomGateway } from '../gateway/intercom.gateway';

/** Intercom pages a search at most 150; 50 is its default and plenty for one email. */
const SEARCH_PAGE_SIZE = 50;

/** Emails compare trimmed and ignoring case, as Intercom's own search does. */
export function sameEmail(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Every contact whose email is this one, over all pages of Intercom's search.
 * Results are filtered again by email: a search is a search, and what callers
 * do next (update, merge, archive) must only touch the member's own contacts.
 */
export async function contactsWithEmail(
  intercom: IntercomGateway,
  email: string,
): Promise<IntercomContact[]> {
  const byId = new Map<string, IntercomContact>();
  let cursor: string | null = null;
  do {
    const page = await intercom.searchContacts(
      { field: 'email', operator: '=', value: email },
      { perPage: SEARCH_PAGE_SIZE, cursor },
    );
    for (const contact of page.contacts) byId.set(contact.id, contact);
    // A cursor that does not move would loop forever; Intercom's always moves.
    cursor = page.nextCursor !== cursor ? page.nextCursor : null;
  } while (cursor);
  return [...byId.values()].filter((contact) => sameEmail(contact.email, email));
}
