import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Member } from '../../members';
import { MemberRepository } from '../../members';
import { PositionsService } from '../../positions';
import type { ContactChanges, IntercomContact } from '../gateway';
import { emitIntercomEvent, MemberContactWrittenEvent } from '../events';
import { IntercomNotFoundError, IntercomGateway } from '../gateway';
import { describeError } from '../inbox';
import { diffContact, type AttributeChange } from './contact-diff';
import { contactsWithEmail } from './contacts-with-email';
import { memberContactChanges } from './member-contact-attributes';
import { asMemberNumber } from './member-number';

export type EnrichmentOutcome =
  | 'updated'
  | 'unchanged'
  | 'already_enriched'
  | 'no_email'
  | 'member_not_found'
  | 'contact_not_found'
  | 'failed';

/** What enrichment did (or, in a dry run, would do) to one contact. */
export interface ContactEnrichment {
  contactId: string;
  role: string;
  outcome: EnrichmentOutcome;
  /** The member whose data the contact carries (or already carried). */
  memberNumber?: string;
  /** Fields written that differ from what the contact held. */
  changes: AttributeChange[];
  /** Set with outcome `failed` (member refresh only; enrichment of one contact throws). */
  error?: string;
}

export interface EnrichOptions {
  /** Read everything, write nothing. */
  dryRun?: boolean;
}

/**
 * docs/reference.md, "What is written to contacts" steps 2 to 5, in one place for every caller: the webhook
 * handler, the backfill and the `sync` command. Skips are outcomes; Intercom,
 * MySQL and Supabase failures throw, so that the inbox can retry them.
 */
@Injectable()
export class ContactEnrichmentService {
  private readonly logger = new Logger(ContactEnrichmentService.name);

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
    private readonly events: EventEmitter2,
  ) {}

  /** Fills a contact that has no member number yet, from the member with its email. */
  async enrichNew(
    contact: IntercomContact,
    options: EnrichOptions = {},
  ): Promise<ContactEnrichment> {
    const skipped = (outcome: EnrichmentOutcome, memberNumber?: string): ContactEnrichment => ({
      contactId: contact.id,
      role: contact.role,
      outcome,
      changes: [],
      ...(memberNumber !== undefined && { memberNumber }),
    });
    const existing = asMemberNumber(contact.customAttributes.member_number);
    if (existing !== undefined) {
      this.logger.log({
        msg: 'Contact already has member_number',
        contact_id: contact.id,
        member_number: existing,
      });
      return skipped('already_enriched', existing);
    }
    if (!contact.email) {
      this.logger.log({ msg: 'Contact has no email, skipping lookup', contact_id: contact.id });
      return skipped('no_email');
    }

    const member = await this.members.findByEmail(contact.email);
    if (!member) {
      // Intercom's own workflow asks the member for their number.
      this.logger.log({
        msg: 'Member not found for webhook email',
        email: contact.email,
        contact_id: contact.id,
      });
      return skipped('member_not_found');
    }
    return this.write(contact, member, await this.changesFor(member), options);
  }

  /**
   * Brings every contact with the member's email up to date, whether it was
   * enriched before or not (members change facility and positions). A
   * failure on one contact is reported and does not stop the others.
   */
  async refreshMember(member: Member, options: EnrichOptions = {}): Promise<ContactEnrichment[]> {
    if (!member.email) return [];
    const contacts = await contactsWithEmail(this.intercom, member.email);
    if (contacts.length === 0) return [];
    const changes = await this.changesFor(member);
    const results: ContactEnrichment[] = [];
    for (const contact of contacts) {
      try {
        results.push(await this.write(contact, member, changes, options));
      } catch (error) {
        results.push({
          contactId: contact.id,
          role: contact.role,
          outcome: 'failed',
          memberNumber: member.memberNumber,
          changes: diffContact(contact, changes),
          error: describeError(error),
        });
      }
    }
    return results;
  }

  private async changesFor(member: Member): Promise<ContactChanges> {
    return memberContactChanges(member, await this.positions.currentTitles(member.memberNumber));
  }

  /** Writes only when something differs: an up-to-date contact costs no call. */
  private async write(
    contact: IntercomContact,
    member: Member,
    changes: ContactChanges,
    options: EnrichOptions,
  ): Promise<ContactEnrichment> {
    const result = {
      contactId: contact.id,
      role: contact.role,
      memberNumber: member.memberNumber,
      changes: diffContact(contact, changes),
    };
    if (options.dryRun) {
      return { ...result, outcome: result.changes.length === 0 ? 'unchanged' : 'updated' };
    }
    if (result.changes.length === 0) {
      // The contact carries the member's data already: that is what the member sync compares with.
      this.written(member, changes);
      return { ...result, outcome: 'unchanged' };
    }
    try {
      await this.intercom.updateContact(contact.id, changes);
    } catch (error) {
      if (!(error instanceof IntercomNotFoundError)) throw error;
      this.logger.warn({ msg: 'Contact not found in Intercom', contact_id: contact.id });
      return { ...result, outcome: 'contact_not_found', changes: [] };
    }
    this.logger.log({
      msg: 'Updated Intercom contact with member data',
      contact_id: contact.id,
      member_number: member.memberNumber,
      email: contact.email,
    });
    this.written(member, changes);
    return { ...result, outcome: 'updated' };
  }

  private written(member: Member, changes: ContactChanges): void {
    emitIntercomEvent(this.events, new MemberContactWrittenEvent(member.memberNumber, changes));
  }
}
