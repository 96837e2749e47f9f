/**
 * Why Intercom would not store one custom attribute of a contact write. Intercom refuses
 * the whole write for any of them (`400 parameter_invalid`, nothing written); the service
 * writes the others without it (docs/reference.md, "When Intercom refuses an attribute").
 * - `unknown_attribute`: the workspace has no such attribute (`Custom attribute '<name>'
 *   does not exist`);
 * - `not_a_list_option`: the attribute is a list and the value is not one of its options
 *   (refused on every API version since April 2026; the message is not documented);
 * - `type_mismatch`: the attribute's data type is not text (e.g. `integer`) and the value
 *   does not fit it;
 * - `archived_attribute`: the attribute is archived; Intercom accepts the write and
 *   stores nothing, so the service leaves it out;
 * - `invalid_value`: Intercom refused this attribute's value without saying why;
 * - `unresolved`: Intercom refused the write for an attribute value it did not name, and
 *   the few writes allowed to find it did not single this one out: left out unwritten.
 * A fixed set: these are metric labels.
 */
export const ATTRIBUTE_REFUSAL_REASONS = [
  'unknown_attribute',
  'not_a_list_option',
  'type_mismatch',
  'archived_attribute',
  'invalid_value',
  'unresolved',
] as const;

export type AttributeRefusalReason = (typeof ATTRIBUTE_REFUSAL_REASONS)[number];

/** The words a warning uses for each reason. */
export const REFUSAL_REASON_TEXT: Record<AttributeRefusalReason, string> = {
  unknown_attribute: 'unknown attribute',
  not_a_list_option: 'not a list option',
  type_mismatch: 'type mismatch',
  archived_attribute: 'archived attribute',
  invalid_value: 'value refused',
  unresolved: 'refused, not singled out',
};

/** One attribute left out of a contact write, and why. */
export interface AttributeRefusal {
  attribute: string;
  reason: AttributeRefusalReason;
}

/** `Custom attribute 'facility' does not exist` → `facility` */
const UNKNOWN_ATTRIBUTE = /custom attribute '([^']+)' does not exist/i;
const LIST_OPTION = /\boptions?\b|\blist\b/i;
const TYPE_MISMATCH =
  /\b(data )?type\b|\bmust be an? (integer|number|float|boolean|date|string)\b|\bnot an? (valid )?(integer|number|float|boolean|date)\b/i;
/** What a message says about one attribute's value, rather than the request as a whole. */
const VALUE_REFUSAL = /\bcustom[ _]attributes?\b|\battribute\b|\bvalue\b/i;

/**
 * What the messages of a `400 parameter_invalid` say about a refused attribute value:
 * the reason (null when they read as a refusal of the whole request) and the strings they
 * quote, among which the attribute's name may be (the value may be too: never log them).
 */
export function readAttributeRefusal(
  messages: readonly string[],
): { reason: AttributeRefusalReason; quoted: string[] } | null {
  for (const message of messages) {
    const unknown = UNKNOWN_ATTRIBUTE.exec(message);
    if (unknown) return { reason: 'unknown_attribute', quoted: [unknown[1]] };
  }
  const text = messages.join('\n');
  let reason: AttributeRefusalReason | null = null;
  if (LIST_OPTION.test(text)) reason = 'not_a_list_option';
  else if (TYPE_MISMATCH.test(text)) reason = 'type_mismatch';
  else if (VALUE_REFUSAL.test(text)) reason = 'invalid_value';
  if (reason === null) return null;
  const quoted = [
    ...text.matchAll(/'([^'\n]{1,190})'|"([^"\n]{1,190})"|custom_attributes\.([\w-]+)/g),
  ].map((match) => match[1] ?? match[2] ?? match[3]);
  return { reason, quoted };
}

/**
 * The attribute among `sent` that a refusal names: one it quotes, else one whose name
 * appears in the message as a word. Null when it names none of them.
 */
export function namedAttribute(
  refusal: { quoted: readonly string[]; text: string },
  sent: readonly string[],
): string | null {
  const quoted = sent.find((name) => refusal.quoted.includes(name));
  if (quoted !== undefined) return quoted;
  return (
    sent.find((name) =>
      new RegExp(`(^|[^\\w])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(
        refusal.text,
      ),
    ) ?? null
  );
}
