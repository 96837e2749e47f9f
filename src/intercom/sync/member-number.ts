import type { Json } from '../enrichment/contact-id';

/** The attribute's display name, which Intercom uses as its key in some payloads (CONTRACT 2). */
export const MEMBER_NUMBER_DISPLAY_NAME = 'Member Number Verification';

/** A member number as agents type it: trimmed text, or a number when the attribute is numeric. */
function asMemberNumber(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

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
