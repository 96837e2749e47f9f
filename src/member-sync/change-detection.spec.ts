import { memberContactChanges } from '../intercom/enrichment/member-contact-attributes';
import { memberOf } from '../../test/support/member-fixtures';
import type { Member } from '../members/member';
import {
  attributesHash,
  fullRunDue,
  latestFullSlot,
  laterKey,
  RETRY_HASH,
  staleMembers,
  walkStart,
  WATERMARK_OVERLAP_MS,
} from './change-detection';

const member = memberOf;

describe('attributesHash', () => {
  const base = memberContactChanges(member(), ['Facility President']);

  it('is the same for the same attributes, whatever their order', () => {
    const reordered = {
      ...base,
      customAttributes: Object.fromEntries(Object.entries(base.customAttributes).reverse()),
    };
    expect(attributesHash(reordered)).toBe(attributesHash(base));
    expect(attributesHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(attributesHash(base)).not.toBe(RETRY_HASH);
  });

  it.each<[string, Partial<Member>, string[]]>([
    ['a facility change', { facility: 'ORD' }, ['Facility President']],
    ['a position that ended', {}, []],
    ['a position that started', {}, ['Facility President', 'Delegate']],
    ['a status that left Active', { status: 'Inactive' }, ['Facility President']],
    ['a new phone', { phone: '(312) 555-0199' }, ['Facility President']],
  ])('changes with %s', (_, overrides, titles) => {
    expect(attributesHash(memberContactChanges(member(overrides), titles))).not.toBe(
      attributesHash(base),
    );
  });

  it('does not change with what the contact never carries (name, email)', () => {
    const renamed = memberContactChanges(
      member({ firstName: 'Johnny', email: 'new@example.com' }),
      ['Facility President'],
    );
    expect(attributesHash(renamed)).toBe(attributesHash(base));
  });
});

describe('staleMembers', () => {
  it('names recorded members whose hash moved or whose row is gone, in record order', () => {
    const records = [
      { memberNumber: '1', attributesHash: 'a' },
      { memberNumber: '2', attributesHash: 'b' },
      { memberNumber: '3', attributesHash: 'c' },
      { memberNumber: '4', attributesHash: RETRY_HASH },
    ];
    const current = new Map([
      ['1', 'a'],
      ['2', 'b2'],
      ['4', 'd'],
    ]);
    expect(staleMembers(records, current)).toEqual(['2', '3', '4']);
  });

  it('names nobody when nothing moved', () => {
    expect(
      staleMembers([{ memberNumber: '1', attributesHash: 'a' }], new Map([['1', 'a']])),
    ).toEqual([]);
  });
});

describe('the watermark', () => {
  const at = (iso: string, memberNumber = '') => ({ updatedAt: new Date(iso), memberNumber });

  it('starts each walk the overlap earlier, before every member of that moment', () => {
    expect(WATERMARK_OVERLAP_MS).toBe(120_000);
    expect(walkStart(at('2025-03-01T10:00:00Z', '42'))).toEqual(at('2025-03-01T09:58:00Z'));
  });

  it('never moves back', () => {
    const later = at('2025-03-01T10:00:00Z', '5');
    expect(laterKey(later, at('2025-03-01T09:59:00Z', '9'))).toBe(later);
    expect(laterKey(at('2025-03-01T09:59:00Z', '9'), later)).toBe(later);
    expect(laterKey(at('2025-03-01T10:00:00Z', '4'), later)).toBe(later);
  });
});

describe('the daily full run', () => {
  const ms = (iso: string) => Date.parse(iso);
  const threeAm = 3 * 60;

  it('is due at HH:MM UTC today once it has passed, else yesterday', () => {
    expect(latestFullSlot(ms('2025-03-02T03:00:00Z'), threeAm)).toBe(ms('2025-03-02T03:00:00Z'));
    expect(latestFullSlot(ms('2025-03-02T02:59:59Z'), threeAm)).toBe(ms('2025-03-01T03:00:00Z'));
    expect(latestFullSlot(ms('2025-03-02T23:00:00Z'), 0)).toBe(ms('2025-03-02T00:00:00Z'));
  });

  it('runs once per day: due after the slot, not again once started after it', () => {
    const state = (startedIso: string) => ({ fullCursor: null, fullStartedMs: ms(startedIso) });
    expect(fullRunDue(ms('2025-03-02T03:01:00Z'), threeAm, state('2025-03-01T03:00:05Z'))).toBe(
      true,
    );
    expect(fullRunDue(ms('2025-03-02T03:01:00Z'), threeAm, state('2025-03-02T03:00:05Z'))).toBe(
      false,
    );
    expect(fullRunDue(ms('2025-03-02T02:00:00Z'), threeAm, state('2025-03-01T03:00:05Z'))).toBe(
      false,
    );
  });

  it('resumes an unfinished run at once, and waits for the first slot on a fresh database', () => {
    const now = ms('2025-03-02T12:00:00Z');
    expect(fullRunDue(now, threeAm, { fullCursor: 'abc', fullStartedMs: now })).toBe(true);
    expect(fullRunDue(now, threeAm, { fullCursor: null, fullStartedMs: null })).toBe(false);
  });
});
