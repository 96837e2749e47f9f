import { extractApiKey } from './api-key';

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
