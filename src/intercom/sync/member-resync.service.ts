import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Member } from '../../members';
import { MemberRepository } from '../../members';
import { PositionsService } from '../../positions';
import { memberContactChanges } from '../enrichment';
import { emitIntercomEvent, MemberContactWrittenEvent } from '../events';
import type { ContactChanges } from '../gateway';
import { IntercomGateway } from '../gateway';
import { MemberContactReconciler, type ReconcileResult } from './member-contact.reconciler';
import type { SyncNoteOutcome } from './notes/sync-note';

/** What one re-sync of a member came to; `note` is what the agent is told. */
export type ResyncEnd =
  | { kind: 'member_not_found'; note: SyncNoteOutcome }
  | { kind: 'member_without_email'; note: SyncNoteOutcome }
  | {
      kind: 'synced';
      member: Member;
      result: ReconcileResult;
      note: Extract<SyncNoteOutcome, { kind: 'synced' }>;
    };

export interface ResyncRequest {
  memberNumber: string;
  /** The conversation's own contact: merged into the USER when it is a LEAD. */
  conversationContactId?: string;
  /** Fields every log line of this run carries (conversation_id…). */
  log: Record<string, string>;
  /** What asked for it, in the log lines' words: `tag-based sync`, `member card sync`. */
  source: string;
}

/** The member's full name, or undefined when both parts are empty. */
export function fullName(member: Member): string | undefined {
  const name = `${member.firstName} ${member.lastName}`.trim();
  return name === '' ? undefined : name;
}

/**
 * docs/reference.md, "Manual re-sync", steps 3–4: the member by number, then the member's
 * USER contact created or updated with the section 5 attributes, leads merged, older
 * duplicate users archived. The one implementation behind the sync tag and the member
 * card's "Sync member" button. Throws what the gateway and the databases throw (the inbox
 * retries), and ContactNotRestorableError (permanent).
 */
@Injectable()
export class MemberResyncService {
  private readonly logger = new Logger(MemberResyncService.name);
  // A plain collaborator rather than a provider: the sync's whole wiring stays one provider.
  private readonly reconciler: MemberContactReconciler;

  constructor(
    intercom: IntercomGateway,
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
    private readonly events: EventEmitter2,
  ) {
    this.reconciler = new MemberContactReconciler(intercom);
  }

  async resync({
    memberNumber,
    conversationContactId,
    log,
    source,
  }: ResyncRequest): Promise<ResyncEnd> {
    const member = await this.members.findByNumber(memberNumber);
    if (!member) {
      this.logger.log({
        msg: `Member not found for ${source}`,
        ...log,
        member_number: memberNumber,
      });
      return { kind: 'member_not_found', note: { kind: 'member_not_found', memberNumber } };
    }
    if (!member.email) {
      // A USER contact is found and created by email; without one there is nothing to sync.
      this.logger.warn({
        msg: 'Member has no email, cannot sync contact',
        ...log,
        member_number: member.memberNumber,
      });
      return {
        kind: 'member_without_email',
        note: { kind: 'member_without_email', memberNumber: member.memberNumber },
      };
    }
    const attributes = memberContactChanges(
      member,
      await this.positions.currentTitles(member.memberNumber),
    );
    const result = await this.reconciler.reconcile({
      email: member.email,
      changes: withIdentity(attributes, member, member.email),
      conversationContactId,
      log: { ...log, member_number: member.memberNumber },
    });
    emitIntercomEvent(this.events, new MemberContactWrittenEvent(member.memberNumber, attributes));
    this.logger.log({
      msg: `Updated Intercom contact from ${source}`,
      ...log,
      contact_id: result.contactId,
      member_number: member.memberNumber,
      email: member.email,
      created: result.created,
      merged_leads: result.mergedLeadIds.length,
      archived_users: result.archivedUserIds.length,
      refused_leads: result.refusedLeadIds.length,
      unarchived: result.unarchived,
    });
    return {
      kind: 'synced',
      member,
      result,
      note: {
        kind: 'synced',
        memberNumber: member.memberNumber,
        name: fullName(member) ?? '',
        status: member.status,
        changes: result.changes,
        created: result.created,
        unarchived: result.unarchived,
        mergedLeads: result.mergedLeadIds.length,
        archivedUsers: result.archivedUserIds.length,
        refusedLeadIds: result.refusedLeadIds,
      },
    };
  }
}

/** The section 5 attributes (one shared builder), plus the email and name a USER contact shows. */
function withIdentity(attributes: ContactChanges, member: Member, email: string): ContactChanges {
  const name = fullName(member);
  return { ...attributes, email, ...(name !== undefined && { name }) };
}
