import fc from 'fast-check';
import { ATTRIBUTE_MAX_LENGTH, fitAttribute, joinWithin } from './attribute-value';

describe('fitAttribute', () => {
  it('keeps a value that fits', () => {
    expect(fitAttribute('ZAU')).toBe('ZAU');
    expect(fitAttribute('x'.repeat(255))).toHaveLength(255);
  });

  it('cuts a longer value to 255 code units', () => {
    expect(fitAttribute('x'.repeat(300))).toBe('x'.repeat(255));
  });

  it('never leaves half of a surrogate pair at the end', () => {
    const value = `${'x'.repeat(254)}😀tail`;
    expect(fitAttribute(value)).toBe('x'.repeat(254));
  });
});

describe('joinWithin', () => {
  it('joins everything when it fits', () => {
    expect(joinWithin(['Facility President', 'FacRep'], ', ')).toBe('Facility President, FacRep');
    expect(joinWithin([], ', ')).toBe('');
  });

  it('keeps whole items in order and counts the ones left out', () => {
    expect(joinWithin(['Facility President', 'Alternate FacRep', 'Trustee'], ', ', 40)).toBe(
      'Facility President (+2 more)',
    );
  });

  it('reserves room for the suffix: the result never passes the limit', () => {
    // All three make 20; two with ' (+1 more)' make 20 too; one with ' (+2 more)' makes 14.
    expect(joinWithin(['aaaa', 'bbbb', 'cccccccc'], ', ', 19)).toBe('aaaa (+2 more)');
  });

  it('cuts the first item, marked, when not even it fits whole', () => {
    const result = joinWithin(['x'.repeat(300), 'Trustee'], ', ');
    expect(result).toHaveLength(ATTRIBUTE_MAX_LENGTH);
    expect(result.endsWith('… (+1 more)')).toBe(true);
  });

  it('always fits, keeps a prefix of whole items, and counts the rest exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 80 }), { maxLength: 30 }),
        (items) => {
          const result = joinWithin(items, ', ');
          expect(result.length).toBeLessThanOrEqual(ATTRIBUTE_MAX_LENGTH);
          const match = / \(\+(\d+) more\)$/.exec(result);
          const left = match ? Number(match[1]) : 0;
          const kept = items.slice(0, items.length - left);
          if (!result.includes('… (+') && kept.length > 0) {
            expect(result).toBe(kept.join(', ') + (left > 0 ? ` (+${left} more)` : ''));
          }
        },
      ),
    );
  });
});
