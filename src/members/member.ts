/** A member as the rest of the service sees it; TypeORM entities never leave this module. */
export interface Member {
  memberNumber: string;
  firstName: string;
  lastName: string;
  /** As stored, trimmed; null when the member has none. */
  email: string | null;
  /** As typed into the legacy system, trimmed, e.g. "(765) 465-7031". */
  phone: string | null;
  /** 'Active', 'Retired', 'Inactive', … as stored. */
  status: string;
  memberTypeId: number;
  /** Code of the member's region, else of its facility's region. */
  region: string | null;
  /** Code of the member's facility. */
  facility: string | null;
}

export const MemberStatus = {
  Active: 'Active',
  Retired: 'Retired',
} as const;

/** CONTRACT section 3: look-ups only ever consider these statuses. */
export const LOOKUP_STATUSES: readonly string[] = [MemberStatus.Active, MemberStatus.Retired];
