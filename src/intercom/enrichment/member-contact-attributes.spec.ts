import { memberOf } from '../../../test/support/member-fixtures';
import { memberContactChanges, memberTypeLabel, toE164 } from './member-contact-attributes';

const member = memberOf;

describe('memberTypeLabel', () => {
  it.each([
    ['Active', 6, 'Current Member'],
    ['Active', 8, 'NATCA Employee'],
    ['Active', 10, 'Retired Member'],
    ['Active', 7, 'Member'],
    ['Active', 0, 'Member'],
    ['Retired', 6, 'Retired Member'],
    ['Retired', 8, 'Retired Member'],
  ])('%s with type %i is %s', (status, typeId, label) => {
    expect(memberTypeLabel(status, typeId)).toBe(label);
  });
});

describe('toE164', () => {
  it.each([
    ['(765) 465-7031', '+17654657031'],
    ['765-465-7031', '+17654657031'],
    ['765.465.7031', '+17654657031'],
    ['7654657031', '+17654657031'],
    ['+1 765 465 7031', '+17654657031'],
    ['1-765-465-7031', '+17654657031'],
    [' (202) 555-0143 ', '+12025550143'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('formats %j as %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([null, '', 'n/a', '555-1234', '123', '(000) 000-0000', 'call me'])(
    'gives nothing for %j',
    (input) => {
      expect(toE164(input)).toBeUndefined();
    },
  );
});

describe('memberContactChanges', () => {
  it('builds the five custom attributes and the phone', () => {
    expect(memberContactChanges(member(), ['Facility President', 'Area Representative'])).toEqual({
      customAttributes: {
        member_number: '12345',
        member_type: 'Current Member',
        region: 'GL',
        facility: 'ZAU',
        positions: 'Facility President, Area Representative',
      },
      phone: '+17654657031',
    });
  });

  it('shows RNAV for retired members, whatever their region and facility', () => {
    const changes = memberContactChanges(member({ status: 'Retired' }), []);
    expect(changes.customAttributes).toMatchObject({
      region: 'RNAV',
      facility: 'RNAV',
      member_type: 'Retired Member',
      positions: '',
    });
  });

  it.each(['Inactive', 'Suspended', 'Deceased'])(
    'shows a %s member with that status, no positions, number and location kept',
    (status) => {
      const changes = memberContactChanges(member({ status, memberTypeId: 10 }), ['President']);
      expect(changes.customAttributes).toEqual({
        member_number: '12345',
        member_type: status,
        region: 'GL',
        facility: 'ZAU',
        positions: '',
      });
    },
  );

  it('sends empty strings for unknown region and facility', () => {
    const changes = memberContactChanges(member({ region: null, facility: null }), []);
    expect(changes.customAttributes).toMatchObject({ region: '', facility: '' });
  });

  it('sends no phone key at all when the number is not valid', () => {
    expect(memberContactChanges(member({ phone: '555-1234' }), [])).not.toHaveProperty('phone');
    expect(memberContactChanges(member({ phone: null }), [])).not.toHaveProperty('phone');
  });
});

describe("memberContactChanges and Intercom's 255-character cap", () => {
  const titles = Array.from(
    { length: 12 },
    (_, i) => `Regional Vice President Alternate Representative ${i + 1}`,
  );

  it('writes whole titles in order, then says how many were left out', () => {
    const { positions } = memberContactChanges(member(), titles).customAttributes;
    expect(positions.length).toBeLessThanOrEqual(255);
    const [kept, more] = positions.split(' (+');
    const keptTitles = kept.split(', ');
    expect(keptTitles).toEqual(titles.slice(0, keptTitles.length));
    expect(more).toBe(`${titles.length - keptTitles.length} more)`);
  });

  it('fits every other string attribute too', () => {
    const long = member({ memberNumber: '9'.repeat(300) });
    for (const value of Object.values(memberContactChanges(long, []).customAttributes)) {
      expect(value.length).toBeLessThanOrEqual(255);
    }
  });
});
