import { contactsWithEmail } from '../intercom/enrichment/contacts-with-email';
import { asMemberNumber } from '../intercom/enrichment/member-number';
import type { ContactSearchQuery, IntercomContact } from '../intercom/gateway/intercom-contact';
import type { IntercomGateway } from '../intercom/gateway/intercom.gateway';

/** Intercom's largest search page. */
export const SEARCH_PAGE_SIZE = 150;
/**
 * Member numbers in one `IN` filter: one search finds the contacts of this many
 * members. Intercom documents no cap on an `IN` list (only 15 filters per group);
 * 50 keeps each request small.
 */
export const MEMBERS_PER_SEARCH = 50;

/** Search for every contact whose `member_number` is one of these. */
export function memberNumberQuery(memberNumbers: readonly string[]): ContactSearchQuery {
  return { field: 'custom_attributes.member_number', operator: 'IN', value: [...memberNumbers] };
}

/** Every contact carrying a member number (`!= null` is Intercom's "is set"). */
export const ENRICHED_CONTACTS_QUERY: ContactSearchQuery = {
  field: 'custom_attributes.member_number',
  operator: '!=',
  value: null,
};

/** The member number a contact carries, if any. */
export function carriedMemberNumber(contact: IntercomContact): string | undefined {
  return asMemberNumber(contact.customAttributes.member_number);
}

/**
 * The contacts of members (docs/reference.md, "Member data stays current"): by `member_number`,
 * many members per search, over every page; and a member's USER by email when no
 * contact carries its number yet (enriched before the sync existed, or never).
 */
export class MemberContactsFinder {
  constructor(private readonly intercom: IntercomGateway) {}

  /** Number → its contacts (each once); a number no contact carries is absent. */
  async carrying(memberNumbers: readonly string[]): Promise<Map<string, IntercomContact[]>> {
    const wanted = new Set(memberNumbers);
    const byId = new Map<string, IntercomContact>();
    const numbers = [...wanted];
    for (let start = 0; start < numbers.length; start += MEMBERS_PER_SEARCH) {
      const query = memberNumberQuery(numbers.slice(start, start + MEMBERS_PER_SEARCH));
      let cursor: string | null = null;
      do {
        const page = await this.intercom.searchContacts(query, {
          perPage: SEARCH_PAGE_SIZE,
          cursor,
        });
        // The same contact can show up on two pages.
        for (const contact of page.contacts) byId.set(contact.id, contact);
        cursor = page.nextCursor !== cursor ? page.nextCursor : null;
      } while (cursor);
    }
    const byMember = new Map<string, IntercomContact[]>();
    for (const contact of byId.values()) {
      const memberNumber = carriedMemberNumber(contact);
      // A search is a search: only the numbers asked for are acted on.
      if (memberNumber === undefined || !wanted.has(memberNumber)) continue;
      byMember.set(memberNumber, [...(byMember.get(memberNumber) ?? []), contact]);
    }
    return byMember;
  }

  /** The USER contacts with this email that carry no member number: the member's to adopt. */
  async usersToAdopt(email: string): Promise<IntercomContact[]> {
    const contacts = await contactsWithEmail(this.intercom, email);
    return contacts.filter(
      (contact) => contact.role === 'user' && carriedMemberNumber(contact) === undefined,
    );
  }
}
