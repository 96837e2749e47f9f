import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Intercom signs each notification with `X-Hub-Signature: sha1=<hex>`, the
 * HMAC-SHA1 of the raw body keyed with the app's client secret.
 */
export function isValidSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string') return false;
  const match = /^sha1=([0-9a-f]{40})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

export function signBody(rawBody: Buffer | string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(rawBody).digest('hex')}`;
}
