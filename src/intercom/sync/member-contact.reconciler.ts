import { Logger } from '@nestjs/common';
import type { ContactChanges } from '../gateway/intercom-contact';
import { IntercomConflictError, IntercomNotFoundError } from '../gateway/intercom.errors';
import type { IntercomGateway } from '../gateway/intercom.gateway';
import { contactsWithEmail } from '../enrichment/contacts-with-email';
import { sortMemberContacts } from './member-contacts';

/** What one reconciliation did; every list is empty on a repeat of a finished run. */
export interface ReconcileResult {
  contactId: string;
  created: boolean;
  mergedLeadIds: string[];
  archivedUserIds: string[];
}

export interface ReconcileRequest {
  email: string;
  /** The member's attributes plus email and name (memberContactChanges and friends). */
  changes: ContactChanges;
  /** The conversation's own contact: merged in when it is a LEAD, whatever its email. */
  conversationContactId?: string;
  /** Fields every log line of this run carries. */
  log: Record<string, string>;
}

/**
 * CONTRACT 6.4: leaves the member with one complete USER contact. Every step
 * can be repeated: a retry finds the USER it created (or Intercom names it in a
 * 409), leads already merged and users already archived are gone from search
 * and answer 404 when addressed directly, and the update writes the same values.
 */
export class MemberContactReconciler {
  private readonly logger = new Logger(MemberContactReconciler.name);

  constructor(private readonly intercom: IntercomGateway) {}

  async reconcile(request: ReconcileRequest): Promise<ReconcileResult> {
    const { keep, olderUsers, leads } = sortMemberContacts(
      await contactsWithEmail(this.intercom, request.email),
      request.email,
    );
    const user = keep ? { id: keep.id, created: false } : await this.createUser(request);

    const leadIds = new Set(leads.map((lead) => lead.id));
    const ownLead = await this.conversationLead(request.conversationContactId, [
      user.id,
      ...leadIds,
      ...olderUsers.map((older) => older.id),
    ]);
    if (ownLead) leadIds.add(ownLead);

    const mergedLeadIds: string[] = [];
    for (const leadId of leadIds) {
      if (await this.merge(leadId, user.id, request.log)) mergedLeadIds.push(leadId);
    }
    const archivedUserIds: string[] = [];
    for (const older of olderUsers) {
      if (await this.archive(older.id, user.id, request.log)) archivedUserIds.push(older.id);
    }
    // A USER created just now already carries every attribute. An existing one is
    // brought up to date last, so nothing a merge carried over stands in for member data.
    if (!user.created) await this.intercom.updateContact(user.id, request.changes);
    return { contactId: user.id, created: user.created, mergedLeadIds, archivedUserIds };
  }

  /**
   * Creates the USER; when Intercom answers 409 the USER exists already (search
   * lags behind writes, or another run created it a moment ago) and the message
   * names it, so the run continues with that one instead of failing.
   */
  private async createUser(request: ReconcileRequest): Promise<{ id: string; created: boolean }> {
    try {
      const created = await this.intercom.createContact({
        ...request.changes,
        role: 'user',
        email: request.email,
      });
      this.logger.log({
        msg: 'Created user contact for tag-based sync',
        ...request.log,
        contact_id: created.id,
      });
      return { id: created.id, created: true };
    } catch (error) {
      // Without an id there is nothing to continue with: the 409 stays a failure for a human.
      if (!(error instanceof IntercomConflictError) || !error.existingId) throw error;
      this.logger.log({
        msg: 'User contact already exists, continuing with it',
        ...request.log,
        contact_id: error.existingId,
      });
      return { id: error.existingId, created: false };
    }
  }

  /** The conversation's contact when it is a LEAD not already known; gone (merged) counts as not a lead. */
  private async conversationLead(
    contactId: string | undefined,
    known: readonly string[],
  ): Promise<string | undefined> {
    if (!contactId || known.includes(contactId)) return undefined;
    const contact = await this.intercom.getContact(contactId);
    return contact?.role === 'lead' ? contact.id : undefined;
  }

  /** False when the lead is gone: a repeat of a merge that already happened. */
  private async merge(leadId: string, userId: string, log: Record<string, string>) {
    try {
      await this.intercom.mergeContacts(leadId, userId);
    } catch (error) {
      if (!(error instanceof IntercomNotFoundError)) throw error;
      this.logger.log({ msg: 'Lead already merged or gone', ...log, lead_id: leadId });
      return false;
    }
    this.logger.log({
      msg: 'Merged lead into user contact',
      ...log,
      lead_id: leadId,
      user_id: userId,
    });
    return true;
  }

  /** False when the duplicate is gone already. */
  private async archive(contactId: string, keptId: string, log: Record<string, string>) {
    try {
      await this.intercom.archiveContact(contactId);
    } catch (error) {
      if (!(error instanceof IntercomNotFoundError)) throw error;
      this.logger.log({
        msg: 'Duplicate user contact already gone',
        ...log,
        contact_id: contactId,
      });
      return false;
    }
    this.logger.log({
      msg: 'Archived older duplicate user contact',
      ...log,
      contact_id: contactId,
      kept_contact_id: keptId,
    });
    return true;
  }
}
