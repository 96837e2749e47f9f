import { Injectable, Logger } from '@nestjs/common';
import { MemberRepository } from '../../members/member.repository';
import { PositionsService } from '../../positions/positions.service';
import { IntercomNotFoundError } from '../gateway/intercom.errors';
import { IntercomGateway } from '../gateway/intercom.gateway';
import type { NotificationHandler } from '../inbox/notification-handler';
import { conversationOf, extractContactId } from './contact-id';
import { memberContactChanges } from './member-contact-attributes';

export const ENRICHMENT_TOPICS = [
  'conversation.user.created',
  'conversation.user.replied',
] as const;

/** The member number a contact already carries: set means not null and not empty. */
function memberNumberOf(customAttributes: Record<string, unknown>): string | undefined {
  const value = customAttributes.member_number;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * CONTRACT section 5: when a member writes in, fill their contact with
 * member number, type, region, facility, positions and phone. Each skip is
 * a permanent outcome (done, with its reason); failures throw and are retried.
 */
@Injectable()
export class ContactEnrichmentHandler implements NotificationHandler {
  readonly topics = ENRICHMENT_TOPICS;
  private readonly logger = new Logger(ContactEnrichmentHandler.name);

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
  ) {}

  async handle(payload: unknown): Promise<string> {
    const contactId = extractContactId(payload);
    if (!contactId) {
      this.logger.warn({
        msg: 'No contact ID found in conversation',
        conversation_id: conversationOf(payload)?.id ?? null,
      });
      return 'no_contact_id';
    }

    const contact = await this.intercom.getContact(contactId);
    if (!contact) {
      this.logger.warn({ msg: 'Contact not found in Intercom', contact_id: contactId });
      return 'contact_not_found';
    }
    const existing = memberNumberOf(contact.customAttributes);
    if (existing !== undefined) {
      this.logger.log({
        msg: 'Contact already has member_number',
        contact_id: contactId,
        member_number: existing,
      });
      return 'already_enriched';
    }
    if (!contact.email) {
      this.logger.log({ msg: 'Contact has no email, skipping lookup', contact_id: contactId });
      return 'no_email';
    }

    const member = await this.members.findByEmail(contact.email);
    if (!member) {
      // Intercom's own workflow asks the member for their number.
      this.logger.log({
        msg: 'Member not found for webhook email',
        email: contact.email,
        contact_id: contactId,
      });
      return 'member_not_found';
    }

    const changes = memberContactChanges(
      member,
      await this.positions.currentTitles(member.memberNumber),
    );
    try {
      await this.intercom.updateContact(contactId, changes);
    } catch (error) {
      if (!(error instanceof IntercomNotFoundError)) throw error;
      this.logger.warn({ msg: 'Contact not found in Intercom', contact_id: contactId });
      return 'contact_not_found';
    }
    this.logger.log({
      msg: 'Updated Intercom contact with member data',
      contact_id: contactId,
      member_number: member.memberNumber,
      email: contact.email,
    });
    return 'updated';
  }
}
