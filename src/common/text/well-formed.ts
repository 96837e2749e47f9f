/**
 * A UTF-16 code unit in the surrogate range with no partner: a high surrogate
 * not followed by a low one, or a low surrogate not preceded by a high one.
 * Written as a regular expression because the project's TypeScript lib
 * (ES2022) does not type String.prototype.isWellFormed (ES2024); it answers
 * the same. No `u` flag: the search must see code units, not code points.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether text is well-formed Unicode. JSON (`"\ud800"`) and JavaScript
 * strings can hold a lone surrogate, which encodes to no UTF-8 at all:
 * MySQL/MariaDB refuse it with a query error, validators and
 * encodeURIComponent throw on it. Such text is bad input wherever it
 * arrives (docs/reference.md, "Delivery guarantees and safety"): callers check it with this one function.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
