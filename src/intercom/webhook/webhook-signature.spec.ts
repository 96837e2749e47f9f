import { isValidSignature, signBody } from './webhook-signature';

describe('webhook signature', () => {
  const body = Buffer.from('{"topic":"ping","id":null}');
  const secret = ['client-secret'];

  it('accepts the HMAC-SHA1 of the raw body, in either hex case', () => {
    const header = signBody(body, secret[0]);
    expect(header).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(isValidSignature(body, header, secret)).toBe(true);
    expect(isValidSignature(body, header.toUpperCase().replace('SHA1=', 'sha1='), secret)).toBe(
      true,
    );
  });

  it('rejects another secret, another body, or a malformed header', () => {
    const header = signBody(body, secret[0]);
    expect(isValidSignature(body, signBody(body, 'other'), secret)).toBe(false);
    expect(isValidSignature(Buffer.from(`${body.toString()} `), header, secret)).toBe(false);
    expect(isValidSignature(body, header.replace('sha1=', 'sha256='), secret)).toBe(false);
    expect(isValidSignature(body, header.slice(0, -2), secret)).toBe(false);
    expect(isValidSignature(body, undefined, secret)).toBe(false);
    expect(isValidSignature(body, '', secret)).toBe(false);
  });

  it('takes a list: either of two secrets, none with an empty one or an empty list', () => {
    const secrets = ['new-secret', 'old-secret'];
    expect(isValidSignature(body, signBody(body, 'new-secret'), secrets)).toBe(true);
    expect(isValidSignature(body, signBody(body, 'old-secret'), secrets)).toBe(true);
    expect(isValidSignature(body, signBody(body, 'third'), secrets)).toBe(false);
    expect(isValidSignature(body, signBody(body, ''), [''])).toBe(false);
    expect(isValidSignature(body, signBody(body, 'new-secret'), [])).toBe(false);
  });
});
