import type { Member } from '../member';

/** The flat row the look-up query selects. */
export interface MemberRow {
  member_number: string;
  firstname: string;
  lastname: string;
  email: string | null;
  phone: string | null;
  status: string;
  membertypeid: number | string;
  region: string | null;
  facility: string | null;
}

function trimmedOrNull(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export const MemberMapper = {
  toDomain(row: MemberRow): Member {
    return {
      memberNumber: row.member_number,
      firstName: row.firstname,
      lastName: row.lastname,
      email: trimmedOrNull(row.email),
      phone: trimmedOrNull(row.phone),
      status: row.status,
      memberTypeId: Number(row.membertypeid),
      region: trimmedOrNull(row.region),
      facility: trimmedOrNull(row.facility),
    };
  },
};
