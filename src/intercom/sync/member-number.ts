import { isWellFormedText } from '../../common/text/well-formed';
import type { Json } from '../enrichment';
import { asMemberNumber } from '../enrichment';

/** The attribute's display name, which Intercom uses as its key in some payloads (docs/reference.md, "Configuration"). */
export const MEMBER_NUMBER_DISPLAY_NAME = 'Member Number Verification';

/** What the conversation's attributes say about the member number. */
export type MemberNumberReading =
  | { status: 'present'; memberNumber: string }
  | { status: 'missing' }
  /**
   * Text that is not well-formed Unicode (a lone surrogate): no member has such
   * a number and reading it again gives the same text, so it is permanent.
   * The value is left out on purpose: it is not safe to log or store as is.
   */
  | { status: 'ill_formed' };

/**
 * docs/reference.md, "Manual re-sync": the member number an agent put in the conversation, under the
 * configured attribute name or, failing that, its display name. The first of
 * the two that holds a value decides: an ill-formed one is not skipped over.
 */
export function memberNumberFrom(
  customAttributes: Json,
  attributeName: string,
): MemberNumberReading {
  for (const key of [attributeName, MEMBER_NUMBER_DISPLAY_NAME]) {
    const value = customAttributes[key];
    if (typeof value === 'string' && !isWellFormedText(value)) return { status: 'ill_formed' };
    const memberNumber = asMemberNumber(value);
    if (memberNumber !== undefined) return { status: 'present', memberNumber };
  }
  return { status: 'missing' };
}
