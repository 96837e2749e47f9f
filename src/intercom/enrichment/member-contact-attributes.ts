import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { LOOKUP_STATUSES, MemberStatus, type Member } from '../../members';
import type { ContactChanges } from '../gateway';
import { fitAttribute, joinWithin } from './attribute-value';

/** docs/reference.md, "What is written to contacts": `Retired` status first, then the member type id. */
export function memberTypeLabel(status: string, memberTypeId: number): string {
  if (status === MemberStatus.Retired) return 'Retired Member';
  switch (memberTypeId) {
    case 6:
      return 'Current Member';
    case 8:
      return 'NATCA Employee';
    case 10:
      return 'Retired Member';
    default:
      return 'Member';
  }
}

/** E.164 for a valid number (US when no country is given), else undefined. */
export function toE164(phone: string | null): string | undefined {
  if (!phone) return undefined;
  const parsed = parsePhoneNumberFromString(phone, 'US');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Retired members are shown with region and facility `RNAV`. */
const RETIRED_LOCATION = 'RNAV';

/**
 * The custom contact data attributes this service writes, with the label agents read
 * (member card, sync notes) and the description
 * `npm run cli -- setup` gives them when it creates them in the workspace.
 * Each must exist in the workspace before a contact can carry it.
 */
export const MEMBER_CONTACT_ATTRIBUTES = [
  {
    name: 'member_number',
    label: 'Member number',
    description: 'NATCA member number (written by the NATCA Intercom service)',
  },
  {
    name: 'member_type',
    label: 'Member type',
    description: 'Member type, e.g. Current Member, Retired Member (NATCA Intercom service)',
  },
  {
    name: 'region',
    label: 'Region',
    description: 'NATCA region code, RNAV for retired members (NATCA Intercom service)',
  },
  {
    name: 'facility',
    label: 'Facility',
    description: 'Facility code, RNAV for retired members (NATCA Intercom service)',
  },
  {
    name: 'positions',
    label: 'Positions',
    description: 'Current union positions, newest first (NATCA Intercom service)',
  },
] as const;

export type MemberContactAttribute = (typeof MEMBER_CONTACT_ATTRIBUTES)[number]['name'];

/**
 * The attributes written to a member's contact, by enrichment, the manual
 * re-sync and the member sync alike. A member whose status is neither Active
 * nor Retired (only the member sync meets them) gets that status as
 * `member_type` and empty `positions`. `phone` is present only when the stored number is valid.
 * Every value fits Intercom's 255-character cap; `positions` keeps whole titles
 * and says how many it left out (the lookup API still returns them all).
 */
export function memberContactChanges(member: Member, positions: readonly string[]): ContactChanges {
  const retired = member.status === MemberStatus.Retired;
  // docs/reference.md, "Member data stays current": a member who left Active/Retired shows the stored status and no positions.
  const departed = !LOOKUP_STATUSES.includes(member.status);
  const phone = toE164(member.phone);
  return {
    customAttributes: {
      member_number: fitAttribute(member.memberNumber),
      member_type: fitAttribute(
        departed ? member.status : memberTypeLabel(member.status, member.memberTypeId),
      ),
      region: fitAttribute(retired ? RETIRED_LOCATION : (member.region ?? '')),
      facility: fitAttribute(retired ? RETIRED_LOCATION : (member.facility ?? '')),
      positions: departed ? '' : joinWithin(positions, ', '),
    } satisfies Record<MemberContactAttribute, string>,
    ...(phone !== undefined && { phone }),
  };
}
