/**
 * Intercom caps a custom string attribute at 255 characters (Intercom's guidance for
 * data attributes; whether a longer value is refused or cut is not documented, so
 * none is ever sent). Counted in UTF-16 code units, which is never fewer than the
 * characters Intercom counts, so a value that fits here fits there.
 */
export const ATTRIBUTE_MAX_LENGTH = 255;

/** The value cut to `max` code units (default 255), never in the middle of a surrogate pair. */
export function fitAttribute(value: string, max = ATTRIBUTE_MAX_LENGTH): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  // A high surrogate left at the end would be half a character.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * As many whole items as fit in `max` code units, in order, joined with `separator`,
 * then ` (+N more)` when N items were left out (docs/reference.md, "What is written to contacts", for `positions`).
 * When not even the first item fits whole, it is cut and marked with `…`, so the
 * agent still sees the most recent title.
 *
 * @example joinWithin(['Facility President', 'Alternate FacRep'], ', ', 30)
 *          // 'Facility President (+1 more)'
 */
export function joinWithin(
  items: readonly string[],
  separator: string,
  max = ATTRIBUTE_MAX_LENGTH,
): string {
  for (let kept = items.length; kept > 0; kept--) {
    const left = items.length - kept;
    const text = items.slice(0, kept).join(separator) + (left > 0 ? ` (+${left} more)` : '');
    if (text.length <= max) return text;
  }
  if (items.length === 0) return '';
  const suffix = `… (+${items.length - 1} more)`.replace(' (+0 more)', '');
  return fitAttribute(items[0], max - suffix.length) + suffix;
}
