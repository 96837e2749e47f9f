import { isWellFormedText } from '../../common/text/well-formed';

/**
 * docs/reference.md, "What is written to contacts": who wrote in. In 2.x payloads the author of the
 * source when it is a user, lead or contact, else the first contact; in the
 * older generation `user.id`, else the conversation message's author.
 */
const PERSON_TYPES = new Set(['user', 'lead', 'contact']);

export type Json = Record<string, unknown>;

/** The value as a JSON object, or undefined when it is anything else (shared with the re-sync). */
export function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/**
 * A non-empty id, whether Intercom sent it as a string or a number. Text that
 * is not well-formed Unicode names nothing in Intercom (and cannot be put in
 * a URL): it is no id, so the notification ends as one without (permanent).
 */
export function id(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '' && isWellFormedText(value)) {
    return value.trim();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The conversation a notification is about, or undefined when its shape is unexpected. */
export function conversationOf(payload: unknown): Json | undefined {
  return object(object(object(payload)?.data)?.item);
}

export function extractContactId(payload: unknown): string | undefined {
  const item = conversationOf(payload);
  if (!item) return undefined;

  const author = object(object(item.source)?.author);
  if (author && PERSON_TYPES.has(String(author.type)) && id(author.id)) return id(author.id);

  const contacts = object(item.contacts)?.contacts;
  if (Array.isArray(contacts)) {
    const first = id(object(contacts[0])?.id);
    if (first) return first;
  }

  const user = id(object(item.user)?.id);
  if (user) return user;

  return id(object(object(item.conversation_message)?.author)?.id);
}
