import { MEMBER_NUMBER_DISPLAY_NAME, memberNumberFrom } from './member-number';

const ATTRIBUTE = 'member_number_verification';

describe('memberNumberFrom', () => {
  it.each([
    [{ member_number_verification: '12345' }, '12345'],
    [{ member_number_verification: '  12345 ' }, '12345'],
    [{ member_number_verification: 12345 }, '12345'],
    [{ [MEMBER_NUMBER_DISPLAY_NAME]: ' 777 ' }, '777'],
    [{ [MEMBER_NUMBER_DISPLAY_NAME]: 777 }, '777'],
    // A surrogate pair is well-formed text: read, then simply not found in the database.
    [{ member_number_verification: '12\uD83D\uDE0045' }, '12\uD83D\uDE0045'],
  ])('reads %p as %p', (attributes, expected) => {
    expect(memberNumberFrom(attributes, ATTRIBUTE)).toEqual({
      status: 'present',
      memberNumber: expected,
    });
  });

  it('prefers the configured attribute over the display name', () => {
    expect(
      memberNumberFrom({ [ATTRIBUTE]: '1', [MEMBER_NUMBER_DISPLAY_NAME]: '2' }, ATTRIBUTE),
    ).toEqual({ status: 'present', memberNumber: '1' });
  });

  it('falls back to the display name when the configured attribute is blank', () => {
    expect(
      memberNumberFrom({ [ATTRIBUTE]: '  ', [MEMBER_NUMBER_DISPLAY_NAME]: '2' }, ATTRIBUTE),
    ).toEqual({ status: 'present', memberNumber: '2' });
  });

  it('uses the configured attribute name', () => {
    expect(memberNumberFrom({ mn: '5', [ATTRIBUTE]: '6' }, 'mn')).toEqual({
      status: 'present',
      memberNumber: '5',
    });
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
    expect(memberNumberFrom(attributes, ATTRIBUTE)).toEqual({ status: 'missing' });
  });

  describe('text that is not well-formed Unicode', () => {
    it.each([
      ['a lone high surrogate', { [ATTRIBUTE]: '\uD800' }],
      ['a lone low surrogate inside digits', { [ATTRIBUTE]: ' 12\uDC0045 ' }],
      ['a cut surrogate pair at the end', { [ATTRIBUTE]: '12345\uD83D' }],
      ['a lone surrogate under the display name', { [MEMBER_NUMBER_DISPLAY_NAME]: '7\uDFFF' }],
    ])('is ill-formed, without the value, for %s', (_label, attributes) => {
      expect(memberNumberFrom(attributes, ATTRIBUTE)).toEqual({ status: 'ill_formed' });
    });

    it('does not skip an ill-formed configured attribute for the display name', () => {
      expect(
        memberNumberFrom({ [ATTRIBUTE]: '\uD800', [MEMBER_NUMBER_DISPLAY_NAME]: '2' }, ATTRIBUTE),
      ).toEqual({ status: 'ill_formed' });
    });

    it('reads the display name after a blank configured attribute, ill-formed included', () => {
      expect(
        memberNumberFrom({ [ATTRIBUTE]: ' ', [MEMBER_NUMBER_DISPLAY_NAME]: '\uDC00' }, ATTRIBUTE),
      ).toEqual({ status: 'ill_formed' });
    });

    it('is not confused by a well-formed configured value and an ill-formed display name', () => {
      expect(
        memberNumberFrom({ [ATTRIBUTE]: '1', [MEMBER_NUMBER_DISPLAY_NAME]: '\uD800' }, ATTRIBUTE),
      ).toEqual({ status: 'present', memberNumber: '1' });
    });
  });
});
