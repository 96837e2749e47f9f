import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { MemberStatus, type Member } from '../../members/member';
import type { ContactChanges } from '../gateway/intercom-contact';

/** CONTRACT section 5.5: `Retired` status first, then the member type id. */
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
 * The attributes written to a member's contact, by enrichment and by the
 * manual re-sync alike. `phone` is present only when the stored number is valid.
 */
export function memberContactChanges(member: Member, positions: readonly string[]): ContactChanges {
  const retired = member.status === MemberStatus.Retired;
  const phone = toE164(member.phone);
  return {
    customAttributes: {
      member_number: member.memberNumber,
      member_type: memberTypeLabel(member.status, member.memberTypeId),
      region: retired ? RETIRED_LOCATION : (member.region ?? ''),
      facility: retired ? RETIRED_LOCATION : (member.facility ?? ''),
      positions: positions.join(', '),
    },
    ...(phone !== undefined && { phone }),
  };
}
