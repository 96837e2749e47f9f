import { isValidHmac, type HmacScheme } from '../../common/auth/hmac-signature';

/**
 * How notifications are authenticated, decided once from the configuration:
 * - `signed`: a client secret is set (two during a rotation); the signature must match one.
 * - `refused`: no secret; nothing can prove a notification comes from Intercom,
 *   so every one is refused (an open webhook would let anyone trigger writes to contacts).
 * - `unsigned`: no secret and `INTERCOM_WEBHOOK_UNSIGNED=allow`, for local work only
 *   (the configuration schema refuses it in production).
 * A secret always wins: with one set, `allow` changes nothing.
 */
export type WebhookMode =
  | { readonly kind: 'signed'; readonly secrets: readonly string[] }
  | { readonly kind: 'refused' }
  | { readonly kind: 'unsigned' };

export function webhookMode(config: {
  clientSecrets: readonly string[];
  webhookUnsignedAllowed: boolean;
}): WebhookMode {
  if (config.clientSecrets.length > 0) return { kind: 'signed', secrets: config.clientSecrets };
  return config.webhookUnsignedAllowed ? { kind: 'unsigned' } : { kind: 'refused' };
}

/**
 * Whether a request Intercom signs with `scheme` may be read at all: the one
 * rule behind IntercomSignatureGuard, for webhooks and any other signed route.
 */
export function isAuthentic(
  mode: WebhookMode,
  scheme: HmacScheme,
  rawBody: Buffer,
  signatureHeader: string | undefined,
): boolean {
  switch (mode.kind) {
    case 'signed':
      return isValidHmac(scheme, rawBody, signatureHeader, mode.secrets);
    case 'unsigned':
      return true;
    case 'refused':
      return false;
  }
}

/** The start-up log line's level and wording; never holds the secret. */
export function describeWebhookMode(mode: WebhookMode): {
  level: 'log' | 'warn';
  mode: string;
} {
  switch (mode.kind) {
    case 'signed':
      return { level: 'log', mode: 'signed' };
    case 'refused':
      return { level: 'warn', mode: 'refused: no secret' };
    case 'unsigned':
      return { level: 'warn', mode: 'unsigned allowed (INTERCOM_WEBHOOK_UNSIGNED=allow)' };
  }
}
