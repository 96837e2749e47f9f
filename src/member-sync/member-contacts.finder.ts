import { contactsWithEmail, asMemberNumber } from '../intercom/enrichment';
import type { ContactSearchQuery, IntercomContact, IntercomGateway } from '../intercom/gateway';
import { ContactSearchWalk } from '../intercom/gateway';

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

/** Search for these contacts by id (Intercom's `id` field takes `IN`). */
export function contactIdsQuery(ids: readonly string[]): ContactSearchQuery {
  return { field: 'id', operator: 'IN', value: [...ids] };
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
 * Adds contacts to `byMember` under the number each carries; with `only`, numbers outside
 * it are left out (a search is a search: only the numbers asked for are acted on).
 */
export function groupByMember(
  contacts: readonly IntercomContact[],
  byMember: Map<string, IntercomContact[]>,
  only?: ReadonlySet<string>,
): Map<string, IntercomContact[]> {
  for (const contact of contacts) {
    const memberNumber = carriedMemberNumber(contact);
    if (memberNumber === undefined || (only !== undefined && !only.has(memberNumber))) continue;
    const own = byMember.get(memberNumber);
    if (own) own.push(contact);
    else byMember.set(memberNumber, [contact]);
  }
  return byMember;
}

/**
 * The contacts of members (docs/reference.md, "Member data stays current"): by `member_number`,
 * many members per search, over every page; and a member's USER by email when no
 * contact carries its number yet (enriched before the sync existed, or never).
 */
export class MemberContactsFinder {
  constructor(
    private readonly intercom: IntercomGateway,
    /** Told of every search walked by member number (metrics). */
    private readonly walked: (walk: ContactSearchWalk) => void = () => undefined,
  ) {}

  /**
   * Number → its contacts (each once); a number no contact carries is absent.
   *
   * @throws SearchWalkIncompleteError when a search could not be walked to its end: the
   * members' other contacts are unknown, so none of them is acted on.
   */
  async carrying(memberNumbers: readonly string[]): Promise<Map<string, IntercomContact[]>> {
    const wanted = new Set(memberNumbers);
    const numbers = [...wanted];
    const byMember = new Map<string, IntercomContact[]>();
    for (let start = 0; start < numbers.length; start += MEMBERS_PER_SEARCH) {
      const query = memberNumberQuery(numbers.slice(start, start + MEMBERS_PER_SEARCH));
      const walk = new ContactSearchWalk(this.intercom, query, { perPage: SEARCH_PAGE_SIZE });
      const found = await walk.rest();
      this.walked(walk);
      walk.assertComplete();
      groupByMember(found, byMember, wanted);
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
