import { createHash } from 'node:crypto';
import { isWellFormedText } from '../../common/text/well-formed';
import type { IncomingNotification } from '../inbox';

/** Intercom's notification ids are short; anything longer is not one, and is keyed by content instead. */
const MAX_ID_LENGTH = 191;

/** Why a body is not a notification the route can record. */
export type NotificationRefusal =
  /** Not JSON, or JSON but not an object. */
  | 'not_json_object'
  /** Its `id` or `topic` is text that is not well-formed Unicode (a lone surrogate). */
  | 'ill_formed_text';

/**
 * Reads the envelope of a notification from its raw body, or says why it
 * cannot. The notification's own `id` de-duplicates; when it has none (a
 * `ping`, or a malformed sender), the body's digest does, so a replayed
 * identical body is still recorded once. An `id` or `topic` that is not
 * well-formed Unicode is refused: it has no UTF-8 form to store (the MySQL
 * driver would write U+FFFD, so distinct ids would collide), and it is bad
 * input wherever it arrives (docs/reference.md, "Delivery guarantees and safety"). Text deeper in the payload is the
 * handlers' to judge; the payload is kept as the raw, well-formed body text.
 */
export function parseNotification(rawBody: Buffer): IncomingNotification | NotificationRefusal {
  // Decoded once: parsed here, and kept as the payload.
  const text = rawBody.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not_json_object';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'not_json_object';
  }
  const envelope = parsed as { id?: unknown; topic?: unknown };
  for (const field of [envelope.id, envelope.topic]) {
    if (typeof field === 'string' && !isWellFormedText(field)) return 'ill_formed_text';
  }
  const id =
    typeof envelope.id === 'string' &&
    envelope.id.trim() !== '' &&
    envelope.id.length <= MAX_ID_LENGTH
      ? envelope.id
      : `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  return {
    notificationId: id,
    topic: typeof envelope.topic === 'string' ? envelope.topic.slice(0, 128) : '',
    payload: text,
  };
}
