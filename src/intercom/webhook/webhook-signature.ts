import { isValidHmac, signHmac, type HmacScheme } from '../../common/auth/hmac-signature';

/**
 * Intercom signs each notification with `X-Hub-Signature: sha1=<hex>`, the
 * HMAC-SHA1 of the raw body keyed with the app's client secret (one, or two
 * during a rotation: either signature is accepted).
 */
export const HUB_SIGNATURE: HmacScheme = {
  header: 'x-hub-signature',
  algorithm: 'sha1',
  prefix: 'sha1=',
};

export function isValidSignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  return isValidHmac(HUB_SIGNATURE, rawBody, header, secrets);
}

export function signBody(rawBody: Buffer | string, secret: string): string {
  return signHmac(HUB_SIGNATURE, rawBody, secret);
}
