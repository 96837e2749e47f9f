import { memberOf } from '../../../test/support/member-fixtures';
import {
  absoluteDate,
  memberCanvas,
  notFoundCanvas,
  refusedNumberCanvas,
  startedCanvas,
  syncedCanvas,
  unavailableCanvas,
} from './member-card.canvas';
import { memberCardFacts } from './member-card.rows';

const at = new Date('2026-01-08T13:05:00Z');

describe('member card canvases', () => {
  const facts = memberCardFacts(memberOf(), ['Facility President'], {
    customAttributes: {},
    phone: null,
  });
  const all = [
    memberCanvas(facts, '12345'),
    notFoundCanvas('the email x@example.com', '12345'),
    refusedNumberCanvas('abc', 'That is not a member number (digits only).'),
    unavailableCanvas(),
    syncedCanvas(facts, null, '12345', at),
    startedCanvas('12345', at),
  ];

  it('writes dates as Intercom asks: absolute, "Jan 8, 2026 at 1:05PM UTC"', () => {
    expect(absoluteDate(at)).toBe('Jan 8, 2026 at 1:05PM UTC');
    expect(JSON.stringify(startedCanvas('1', at))).toContain('Jan 8, 2026 at 1:05PM UTC');
  });

  it('never puts a primary button on a card, and every button submits', () => {
    const buttons = all.flatMap((canvas) =>
      canvas.content.components.filter((c) => c.type === 'button'),
    );
    expect(buttons.length).toBeGreaterThanOrEqual(all.length);
    for (const button of buttons) {
      expect(button.style).not.toBe('primary');
      expect(button.action).toEqual({ type: 'submit' });
    }
  });

  it('keeps the member shown for the next request, and none when nobody is shown', () => {
    expect(memberCanvas(facts, '12345').stored_data).toEqual({ member_number: '12345' });
    expect(notFoundCanvas(null, undefined).stored_data).toEqual({});
    expect(unavailableCanvas().stored_data).toEqual({});
  });

  it('counts unset and empty as the same when telling whether the contact is up to date', () => {
    const member = memberOf({ facility: null, region: null, phone: null });
    const current = memberCardFacts(member, [], {
      customAttributes: {
        member_number: member.memberNumber,
        member_type: 'Current Member',
        positions: '',
      },
      phone: null,
    });
    expect(current.differing).toEqual([]);
    const stale = memberCardFacts(member, ['Alternate FacRep'], {
      customAttributes: { member_number: member.memberNumber, member_type: 'Member' },
      phone: null,
    });
    expect(stale.differing).toEqual(['Member type', 'Positions']);
  });
});
