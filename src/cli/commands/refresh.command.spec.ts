import { countFailure, countWrite, emptyReport } from '../../member-sync/member-sync-report';
import { formatRefreshReport } from './refresh.command';

describe('formatRefreshReport', () => {
  it('counts each kind of change over contacts, most frequent first, phone values never shown', () => {
    const report = emptyReport('full', false);
    report.membersExamined = 14;
    report.contactsCompared = 15;
    for (let i = 0; i < 12; i++)
      countWrite(report, [{ field: 'facility', from: 'ZAU', to: 'ORD' }]);
    countWrite(report, [
      { field: 'member_type', from: 'Current Member', to: 'Inactive' },
      { field: 'positions', from: 'Facility President', to: '' },
      { field: 'phone', from: '+17654657031', to: '+13125550199' },
    ]);
    countFailure(report, '777', 'IntercomTransientError: PUT contact: HTTP 503');
    const text = formatRefreshReport(report, 65_000);
    expect(text.split('\n')).toEqual([
      'Full reconciliation complete.',
      '  members examined   14',
      '  contacts compared  15',
      '  contacts written   13',
      '  failed             1',
      '  1m 05s',
      'Changed:',
      '  facility "ZAU" → "ORD": 12 contacts',
      '  member_type "Current Member" → "Inactive": 1 contact',
      '  phone: 1 contact',
      '  positions "Facility President" → "": 1 contact',
      'Failures (first ones):',
      '  member 777: IntercomTransientError: PUT contact: HTTP 503',
    ]);
    expect(text).not.toContain('1765');
    expect(report.writtenByAttribute).toEqual({
      facility: 12,
      member_type: 1,
      positions: 1,
      phone: 1,
    });
  });

  it('says when a dry run found everything up to date', () => {
    const report = { ...emptyReport('incremental', true), membersExamined: 3, contactsCompared: 3 };
    const text = formatRefreshReport(report, 1_000);
    expect(text).toContain('[dry run, nothing written] Refresh of changed members complete.');
    expect(text).toContain('Every contact compared was up to date.');
  });
});
