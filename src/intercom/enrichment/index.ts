/**
 * Public face of intercom/enrichment: Real-time enrichment, and the member attributes, diff and contact helpers the other paths share.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { EnrichmentModule } from './enrichment.module';
export { joinWithin } from './attribute-value';
export { diffContact } from './contact-diff';
export type { AttributeChange } from './contact-diff';
export { ContactEnrichmentService } from './contact-enrichment.service';
export type { ContactEnrichment, EnrichmentOutcome } from './contact-enrichment.service';
export { conversationOf, extractContactId, id, object } from './contact-id';
export type { Json } from './contact-id';
export { contactsWithEmail, sameEmail } from './contacts-with-email';
export { MEMBER_CONTACT_ATTRIBUTES, memberContactChanges } from './member-contact-attributes';
export { asMemberNumber } from './member-number';
export type { MemberContactAttribute } from './member-contact-attributes';
