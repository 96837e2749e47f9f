import { signHmac, type HmacScheme } from '../../common/auth/hmac-signature';

/**
 * Canvas Kit signs each request with `X-Body-Signature: <hex>`, the HMAC-SHA256 of the raw
 * body keyed with the app's client secret (docs/reference.md, "Member card"): 64 hex
 * characters, no prefix. Notifications use `X-Hub-Signature` and SHA-1 (HUB_SIGNATURE).
 */
export const BODY_SIGNATURE: HmacScheme = {
  header: 'x-body-signature',
  algorithm: 'sha256',
  prefix: '',
};

/** The header value Intercom sends for this body (tests, the sandbox). */
export function signCanvasBody(rawBody: Buffer | string, secret: string): string {
  return signHmac(BODY_SIGNATURE, rawBody, secret);
}
