import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a sender signs a request body: an HMAC of the exact bytes sent, keyed
 * with a shared secret, carried as hex in one header, optionally after a
 * prefix. Intercom uses two (docs/reference.md, "HTTP API"):
 * webhooks `X-Hub-Signature: sha1=<hex HMAC-SHA1>`, Canvas Kit requests
 * `X-Body-Signature: <hex HMAC-SHA256>`.
 */
export interface HmacScheme {
  /** Header name, lower case as node gives it (`x-hub-signature`). */
  readonly header: string;
  readonly algorithm: 'sha1' | 'sha256';
  /** Text before the hex digest (`sha1=`, compared ignoring case), or ''. */
  readonly prefix: string;
}

const HEX_LENGTH: Record<HmacScheme['algorithm'], number> = { sha1: 40, sha256: 64 };

/**
 * Whether `header` is the scheme's HMAC of `rawBody` under one of `secrets`. During a
 * client-secret rotation `secrets` holds the new and the old secret (docs/reference.md,
 * "Configuration"): a signature made with either is accepted. Every secret is tried and
 * compared in constant time, so timing tells neither whether nor with which one it matched; an
 * empty secret accepts nothing (an HMAC with an empty key can be forged). Hex in either case is
 * accepted; anything else (missing header, wrong prefix or length) is false, never an error.
 */
export function isValidHmac(
  scheme: HmacScheme,
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  if (typeof header !== 'string') return false;
  const value = header.trim();
  if (value.slice(0, scheme.prefix.length).toLowerCase() !== scheme.prefix) return false;
  const hex = value.slice(scheme.prefix.length);
  if (hex.length !== HEX_LENGTH[scheme.algorithm] || !/^[0-9a-f]+$/i.test(hex)) return false;
  const presented = Buffer.from(hex, 'hex');
  let matched = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = createHmac(scheme.algorithm, secret).update(rawBody).digest();
    if (timingSafeEqual(expected, presented)) matched = true;
  }
  return matched;
}

/** The header value a sender puts on `rawBody` (tests, sandbox, bench). */
export function signHmac(scheme: HmacScheme, rawBody: Buffer | string, secret: string): string {
  return `${scheme.prefix}${createHmac(scheme.algorithm, secret).update(rawBody).digest('hex')}`;
}
