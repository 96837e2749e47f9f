import { describeWebhookMode, isAuthentic, webhookMode } from './webhook-mode';
import { HUB_SIGNATURE, signBody } from './webhook-signature';

describe('webhook mode', () => {
  const body = Buffer.from('{"topic":"ping","id":null}');

  it('is signed whenever a secret is set, even with unsigned allowed', () => {
    for (const webhookUnsignedAllowed of [false, true]) {
      const mode = webhookMode({ clientSecrets: ['s'], webhookUnsignedAllowed });
      expect(mode).toEqual({ kind: 'signed', secrets: ['s'] });
      expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 's'))).toBe(true);
      expect(isAuthentic(mode, HUB_SIGNATURE, body, undefined)).toBe(false);
      expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 'other'))).toBe(false);
    }
  });

  it('during a rotation, accepts a signature made with either secret, and no other', () => {
    const mode = webhookMode({ clientSecrets: ['new', 'old'], webhookUnsignedAllowed: false });
    expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 'new'))).toBe(true);
    expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 'old'))).toBe(true);
    expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 'older'))).toBe(false);
  });

  it('refuses every notification without a secret, whatever it is signed with', () => {
    const mode = webhookMode({ clientSecrets: [], webhookUnsignedAllowed: false });
    expect(mode).toEqual({ kind: 'refused' });
    expect(isAuthentic(mode, HUB_SIGNATURE, body, undefined)).toBe(false);
    expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, 'anything'))).toBe(false);
    expect(isAuthentic(mode, HUB_SIGNATURE, body, signBody(body, ''))).toBe(false);
  });

  it('accepts unsigned notifications only when explicitly allowed', () => {
    const mode = webhookMode({ clientSecrets: [], webhookUnsignedAllowed: true });
    expect(mode).toEqual({ kind: 'unsigned' });
    expect(isAuthentic(mode, HUB_SIGNATURE, body, undefined)).toBe(true);
  });

  it('describes each mode for the start-up line, warning for the two without a signature', () => {
    expect(describeWebhookMode({ kind: 'signed', secrets: ['hush'] })).toEqual({
      level: 'log',
      mode: 'signed',
    });
    expect(describeWebhookMode({ kind: 'refused' })).toEqual({
      level: 'warn',
      mode: 'refused: no secret',
    });
    expect(describeWebhookMode({ kind: 'unsigned' })).toEqual({
      level: 'warn',
      mode: 'unsigned allowed (INTERCOM_WEBHOOK_UNSIGNED=allow)',
    });
  });
});
