import {
  constantTimeEquals,
  findMatchingKey,
  keyMatcher,
  matchesAnyKey,
} from './constant-time-equals';

describe('constantTimeEquals', () => {
  it('accepts identical strings', () => {
    expect(constantTimeEquals('secret-key', 'secret-key')).toBe(true);
  });

  it.each([
    ['secret-key', 'secret-kez'],
    ['secret-key', 'secret-key '],
    ['secret-key', ''],
    ['', 'x'],
    ['Secret-key', 'secret-key'],
  ])('rejects %j against %j', (a, b) => {
    expect(constantTimeEquals(a, b)).toBe(false);
  });
});

describe('matchesAnyKey', () => {
  it('finds a key anywhere in the list', () => {
    expect(matchesAnyKey('b', ['a', 'b', 'c'])).toBe(true);
    expect(matchesAnyKey('c', ['a', 'b', 'c'])).toBe(true);
  });

  it('rejects a key that is not listed, and everything when no key is configured', () => {
    expect(matchesAnyKey('d', ['a', 'b', 'c'])).toBe(false);
    expect(matchesAnyKey('a', [])).toBe(false);
  });
});

describe('findMatchingKey', () => {
  it('answers the configured key that matched', () => {
    expect(findMatchingKey('b', ['a', 'b', 'c'])).toBe('b');
  });

  it('answers undefined for a key that is not listed, a prefix, and when none is configured', () => {
    expect(findMatchingKey('d', ['a', 'b', 'c'])).toBeUndefined();
    expect(findMatchingKey('ab', ['abc'])).toBeUndefined();
    expect(findMatchingKey('a', [])).toBeUndefined();
  });
});

describe('keyMatcher', () => {
  it('answers the key a candidate equals, for every call, and undefined for anything else', () => {
    const match = keyMatcher(['first-key', 'second-key']);
    expect(match('second-key')).toBe('second-key');
    expect(match('first-key')).toBe('first-key');
    expect(match('second-key ')).toBeUndefined();
    expect(match('first')).toBeUndefined();
    expect(keyMatcher([])('first-key')).toBeUndefined();
  });
});
