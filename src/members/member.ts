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

/** A place in the walk over changed members: (`updated_at`, `membernumber`). */
export interface MemberChangeKey {
  /** The stored DATETIME, read as UTC. */
  updatedAt: Date;
  /** Empty to start before every member changed at `updatedAt`. */
  memberNumber: string;
}

/** A member, with the key of its row in the walk over changed members. */
export interface MemberChange {
  member: Member;
  key: MemberChangeKey;
}

export const MemberStatus = {
  Active: 'Active',
  Retired: 'Retired',
} as const;

/** docs/reference.md, "Data the service reads": look-ups only ever consider these statuses. */
export const LOOKUP_STATUSES: readonly string[] = [MemberStatus.Active, MemberStatus.Retired];
