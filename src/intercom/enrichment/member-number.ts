/**
 * A member number as Intercom holds it: trimmed text, or a number when the
 * attribute is numeric. Null, blank and anything else mean "not set".
 */
export function asMemberNumber(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
