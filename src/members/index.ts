/**
 * Public face of members: The legacy member database, read only: the Member type and the MemberRepository port.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { MembersModule } from './members.module';
export { MemberRepository } from './member.repository';
export { LOOKUP_STATUSES, MemberStatus } from './member';
export type { Member, MemberChangeKey } from './member';
