import { Injectable, Logger } from '@nestjs/common';
import { IntercomGateway } from '../gateway';
import type { NotificationHandler } from '../inbox';
import { conversationOf, extractContactId } from './contact-id';
import { ContactEnrichmentService } from './contact-enrichment.service';

export const ENRICHMENT_TOPICS = [
  'conversation.user.created',
  'conversation.user.replied',
] as const;

/**
 * docs/reference.md, "What is written to contacts" for a notification: find who wrote in, then let the
 * shared enrichment service fill their contact. Each skip is a permanent
 * outcome (done, with its reason); failures throw and are retried.
 */
@Injectable()
export class ContactEnrichmentHandler implements NotificationHandler {
  readonly topics = ENRICHMENT_TOPICS;
  private readonly logger = new Logger(ContactEnrichmentHandler.name);

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly enrichment: ContactEnrichmentService,
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
    return (await this.enrichment.enrichNew(contact)).outcome;
  }
}
