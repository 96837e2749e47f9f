import { createHmac } from 'node:crypto';
import { isValidHmac, signHmac, type HmacScheme } from './hmac-signature';

/** Canvas Kit's scheme (docs/reference.md, "HTTP API"): hex HMAC-SHA256, no prefix. */
const BODY_SIGNATURE: HmacScheme = { header: 'x-body-signature', algorithm: 'sha256', prefix: '' };

describe('HMAC body signatures', () => {
  const body = Buffer.from('{"card":"é"}');
  const secret = 'client-secret';

  it('signs the exact bytes with the scheme algorithm, as the sender does', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signHmac(BODY_SIGNATURE, body, secret)).toBe(expected);
    expect(isValidHmac(BODY_SIGNATURE, body, expected, [secret])).toBe(true);
    expect(isValidHmac(BODY_SIGNATURE, body, expected.toUpperCase(), [secret])).toBe(true);
  });

  it('refuses another body, another secret, a digest of another length or a prefix it does not use', () => {
    const header = signHmac(BODY_SIGNATURE, body, secret);
    expect(isValidHmac(BODY_SIGNATURE, Buffer.from('{"card":"e"}'), header, [secret])).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, header, ['other'])).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, header.slice(0, 40), [secret])).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, `sha256=${header}`, [secret])).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, `${header.slice(0, -1)}g`, [secret])).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, undefined, [secret])).toBe(false);
  });

  it('takes a list (a rotation): either of two secrets, none with an empty one or an empty list', () => {
    const secrets = ['new-secret', 'old-secret'];
    for (const secret of secrets) {
      expect(
        isValidHmac(BODY_SIGNATURE, body, signHmac(BODY_SIGNATURE, body, secret), secrets),
      ).toBe(true);
    }
    expect(
      isValidHmac(BODY_SIGNATURE, body, signHmac(BODY_SIGNATURE, body, 'third'), secrets),
    ).toBe(false);
    expect(isValidHmac(BODY_SIGNATURE, body, signHmac(BODY_SIGNATURE, body, ''), [''])).toBe(false);
    expect(
      isValidHmac(BODY_SIGNATURE, body, signHmac(BODY_SIGNATURE, body, 'new-secret'), []),
    ).toBe(false);
  });
});
