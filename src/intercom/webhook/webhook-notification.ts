import { createHash } from 'node:crypto';
import type { IncomingNotification } from '../inbox/inbox-notification';

/** Intercom's notification ids are short; anything longer is not one, and is keyed by content instead. */
const MAX_ID_LENGTH = 191;

/**
 * Reads the envelope of a notification from its raw body. Returns null when
 * the body is not a JSON object. The notification's own `id` de-duplicates;
 * when it has none (a `ping`, or a malformed sender), the body's digest does,
 * so a replayed identical body is still recorded once.
 */
export function parseNotification(rawBody: Buffer): IncomingNotification | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const envelope = parsed as { id?: unknown; topic?: unknown };
  const id =
    typeof envelope.id === 'string' &&
    envelope.id.trim() !== '' &&
    envelope.id.length <= MAX_ID_LENGTH
      ? envelope.id
      : `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  return {
    notificationId: id,
    topic: typeof envelope.topic === 'string' ? envelope.topic.slice(0, 128) : '',
    payload: rawBody.toString('utf8'),
  };
}
