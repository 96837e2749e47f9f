import { MEMBER_NUMBER_DISPLAY_NAME, memberNumberFrom } from './member-number';

const ATTRIBUTE = 'member_number_verification';

describe('memberNumberFrom', () => {
  it.each([
    [{ member_number_verification: '12345' }, '12345'],
    [{ member_number_verification: '  12345 ' }, '12345'],
    [{ member_number_verification: 12345 }, '12345'],
    [{ [MEMBER_NUMBER_DISPLAY_NAME]: ' 777 ' }, '777'],
    [{ [MEMBER_NUMBER_DISPLAY_NAME]: 777 }, '777'],
  ])('reads %p as %p', (attributes, expected) => {
    expect(memberNumberFrom(attributes, ATTRIBUTE)).toBe(expected);
  });

  it('prefers the configured attribute over the display name', () => {
    expect(
      memberNumberFrom({ [ATTRIBUTE]: '1', [MEMBER_NUMBER_DISPLAY_NAME]: '2' }, ATTRIBUTE),
    ).toBe('1');
  });

  it('falls back to the display name when the configured attribute is blank', () => {
    expect(
      memberNumberFrom({ [ATTRIBUTE]: '  ', [MEMBER_NUMBER_DISPLAY_NAME]: '2' }, ATTRIBUTE),
    ).toBe('2');
  });

  it('uses the configured attribute name', () => {
    expect(memberNumberFrom({ mn: '5', [ATTRIBUTE]: '6' }, 'mn')).toBe('5');
  });

  it.each([
    [{}],
    [{ [ATTRIBUTE]: '' }],
    [{ [ATTRIBUTE]: '   ' }],
    [{ [ATTRIBUTE]: null }],
    [{ [ATTRIBUTE]: true }],
    [{ [ATTRIBUTE]: Number.NaN }],
    [{ [ATTRIBUTE]: { value: '1' } }],
    [{ member_number: '12345' }],
  ])('finds none in %p', (attributes) => {
    expect(memberNumberFrom(attributes, ATTRIBUTE)).toBeUndefined();
  });
});
