import type { Json } from '../enrichment/contact-id';
import { asMemberNumber } from '../enrichment/member-number';

/** The attribute's display name, which Intercom uses as its key in some payloads (CONTRACT 2). */
export const MEMBER_NUMBER_DISPLAY_NAME = 'Member Number Verification';

/**
 * CONTRACT 6.2: the member number an agent put in the conversation, under the
 * configured attribute name or, failing that, its display name.
 */
export function memberNumberFrom(
  customAttributes: Json,
  attributeName: string,
): string | undefined {
  return (
    asMemberNumber(customAttributes[attributeName]) ??
    asMemberNumber(customAttributes[MEMBER_NUMBER_DISPLAY_NAME])
  );
}
