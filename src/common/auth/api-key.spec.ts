import { extractApiKey, findPresentedKey } from './api-key';

describe('extractApiKey', () => {
  it('reads a Bearer token, whatever the scheme case', () => {
    expect(extractApiKey({ headers: { authorization: 'Bearer abc123' } })).toBe('abc123');
    expect(extractApiKey({ headers: { authorization: 'bearer  abc123 ' } })).toBe('abc123');
  });

  it('falls back to X-API-Key', () => {
    expect(extractApiKey({ headers: { 'x-api-key': ' k-1 ' } })).toBe('k-1');
  });

  it('prefers Authorization over X-API-Key', () => {
    expect(extractApiKey({ headers: { authorization: 'Bearer a', 'x-api-key': 'b' } })).toBe('a');
  });

  it('ignores other schemes and blanks', () => {
    expect(extractApiKey({ headers: { authorization: 'Basic dXNlcjpwYXNz' } })).toBeUndefined();
    expect(extractApiKey({ headers: { 'x-api-key': '   ' } })).toBeUndefined();
    expect(extractApiKey({ headers: {} })).toBeUndefined();
  });
});

describe('findPresentedKey', () => {
  const keys = ['right-1', 'right-2'];

  it('finds a configured key in either header', () => {
    expect(findPresentedKey({ headers: { authorization: 'Bearer right-1' } }, keys)).toBe(
      'right-1',
    );
    expect(findPresentedKey({ headers: { 'x-api-key': 'right-2' } }, keys)).toBe('right-2');
  });

  it('admits a right key in one header whatever the other holds', () => {
    expect(
      findPresentedKey({ headers: { authorization: 'Bearer ', 'x-api-key': 'right-1' } }, keys),
    ).toBe('right-1');
    expect(
      findPresentedKey(
        { headers: { authorization: 'Bearer wrong', 'x-api-key': 'right-2' } },
        keys,
      ),
    ).toBe('right-2');
    expect(
      findPresentedKey(
        { headers: { authorization: 'Bearer right-1', 'x-api-key': 'wrong' } },
        keys,
      ),
    ).toBe('right-1');
  });

  it('finds nothing for wrong or missing keys, or when no key is configured', () => {
    expect(
      findPresentedKey({ headers: { authorization: 'Bearer wrong', 'x-api-key': 'also' } }, keys),
    ).toBeUndefined();
    expect(findPresentedKey({ headers: {} }, keys)).toBeUndefined();
    expect(findPresentedKey({ headers: { authorization: 'Bearer right-1' } }, [])).toBeUndefined();
  });
});
