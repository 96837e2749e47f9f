import { Logger } from '@nestjs/common';
import type { ContactChanges, IntercomGateway } from '../gateway';
import {
  IntercomConflictError,
  IntercomNotFoundError,
  IntercomRequestError,
  IntercomTransientError,
} from '../gateway';
import { diffContact, type AttributeChange, contactsWithEmail } from '../enrichment';
import { ContactNotRestorableError } from './contact-not-restorable.error';
import { sortMemberContacts } from './member-contacts';

/** What one reconciliation did; every list is empty on a repeat of a finished run. */
export interface ReconcileResult {
  contactId: string;
  created: boolean;
  mergedLeadIds: string[];
  archivedUserIds: string[];
  /** Leads Intercom refused to merge for good (422, or a 400 not about auth); tried once. */
  refusedLeadIds: string[];
  /** The USER was archived and this run unarchived it. */
  unarchived: boolean;
  /**
   * What the final write changed on the USER found by search; null when its
   * earlier values are unknown (created now, or named by a 409).
   */
  changes: AttributeChange[] | null;
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

interface UserContact {
  id: string;
  created: boolean;
  unarchived: boolean;
}

/**
 * docs/reference.md, "Manual re-sync": leaves the member with one complete USER contact. Every step
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
    const user: UserContact = keep
      ? { id: keep.id, created: false, unarchived: false }
      : await this.createUser(request);

    const leadIds = new Set(leads.map((lead) => lead.id));
    const ownLead = await this.conversationLead(request.conversationContactId, [
      user.id,
      ...leadIds,
      ...olderUsers.map((older) => older.id),
    ]);
    if (ownLead) leadIds.add(ownLead);

    const mergedLeadIds: string[] = [];
    const refusedLeadIds: string[] = [];
    for (const leadId of leadIds) {
      const merge = await this.merge(leadId, user.id, request.log);
      if (merge === 'merged') mergedLeadIds.push(leadId);
      if (merge === 'refused') refusedLeadIds.push(leadId);
    }
    const archivedUserIds: string[] = [];
    for (const older of olderUsers) {
      if (await this.archive(older.id, user.id, request.log)) archivedUserIds.push(older.id);
    }
    // A USER created just now already carries every attribute. An existing one is
    // brought up to date last, so nothing a merge carried over stands in for member data.
    if (!user.created) await this.intercom.updateContact(user.id, request.changes);
    return {
      contactId: user.id,
      created: user.created,
      mergedLeadIds,
      archivedUserIds,
      refusedLeadIds,
      unarchived: user.unarchived,
      changes: keep ? diffContact(keep, request.changes) : null,
    };
  }

  /**
   * Creates the USER; when Intercom answers 409 the USER exists already (search
   * lags behind writes, or another run created it a moment ago) and the message
   * names it, so the run continues with that one instead of failing. An archived
   * USER (search never shows those) is unarchived first.
   */
  private async createUser(request: ReconcileRequest): Promise<UserContact> {
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
      return { id: created.id, created: true, unarchived: false };
    } catch (error) {
      // Without an id there is nothing to continue with: the 409 stays a failure for a human.
      if (!(error instanceof IntercomConflictError) || !error.existingId) throw error;
      if (error.archived) await this.unarchive(error.existingId, request.log);
      this.logger.log({
        msg: 'User contact already exists, continuing with it',
        ...request.log,
        contact_id: error.existingId,
      });
      return { id: error.existingId, created: false, unarchived: error.archived };
    }
  }

  /**
   * Brings back the archived USER. Throws ContactNotRestorableError (permanent)
   * when Intercom cannot: gone for good answers 404, or 5xx (field reports);
   * rate limits and timeouts stay transient.
   */
  private async unarchive(contactId: string, log: Record<string, string>): Promise<void> {
    try {
      await this.intercom.unarchiveContact(contactId);
    } catch (error) {
      const gone =
        error instanceof IntercomNotFoundError ||
        (error instanceof IntercomTransientError && (error.status ?? 0) >= 500);
      if (!gone) throw error;
      throw new ContactNotRestorableError(contactId, error.message);
    }
    this.logger.log({ msg: "Unarchived the member's user contact", ...log, contact_id: contactId });
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

  /**
   * `gone` when the lead is gone (a repeat of a merge that already happened);
   * `refused` when Intercom refuses it for good (e.g. a lead with a social or
   * WhatsApp identity answers 422, often with an empty error code): it is skipped,
   * and the rest of the sync goes on.
   */
  private async merge(
    leadId: string,
    userId: string,
    log: Record<string, string>,
  ): Promise<'merged' | 'gone' | 'refused'> {
    try {
      await this.intercom.mergeContacts(leadId, userId);
    } catch (error) {
      if (error instanceof IntercomNotFoundError) {
        this.logger.log({ msg: 'Lead already merged or gone', ...log, lead_id: leadId });
        return 'gone';
      }
      if (error instanceof IntercomRequestError && error.refusesObject) {
        this.logger.warn({
          msg: 'Intercom refused to merge a lead; skipped',
          ...log,
          lead_id: leadId,
          user_id: userId,
          status: error.status,
        });
        return 'refused';
      }
      throw error;
    }
    this.logger.log({
      msg: 'Merged lead into user contact',
      ...log,
      lead_id: leadId,
      user_id: userId,
    });
    return 'merged';
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
