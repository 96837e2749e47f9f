import { formatSyncNote } from './sync-note.formatter';
import type { SyncNoteOutcome } from './sync-note';

const synced = (overrides: Partial<Extract<SyncNoteOutcome, { kind: 'synced' }>> = {}) =>
  formatSyncNote({
    kind: 'synced',
    memberNumber: '12345',
    name: 'Jane Doe',
    status: 'Active',
    changes: [],
    created: false,
    unarchived: false,
    mergedLeads: 0,
    archivedUsers: 0,
    refusedLeadIds: [],
    ...overrides,
  });

/** Only the tags Intercom notes accept. */
const tagsOf = (html: string) => [...new Set(html.match(/<\/?[a-z]+>/g) ?? [])].sort();

describe('formatSyncNote', () => {
  it('names the member and what changed, in plain words', () => {
    const note = synced({
      changes: [
        { field: 'facility', from: 'ZAU', to: 'ORD' },
        { field: 'positions', from: null, to: 'Facility President' },
      ],
      mergedLeads: 2,
      archivedUsers: 1,
    });
    expect(note).toContain('Member 12345, Jane Doe (Active)');
    expect(note).toContain('facility ZAU → ORD');
    expect(note).toContain('positions (empty) → Facility President');
    expect(note).toContain('Leads merged into the user: 2.');
    expect(note).toContain('Older duplicate users archived: 1.');
  });

  it('leaves out a change from unset to empty: the agent sees no difference', () => {
    const note = synced({ changes: [{ field: 'positions', from: null, to: '' }] });
    expect(note).not.toContain('positions');
    expect(note).toContain('already up to date');
  });

  it('says when nothing had to change, when the user was created and when restored', () => {
    expect(synced()).toContain('already up to date');
    expect(synced({ created: true, changes: null })).toContain('Created the member’s user contact');
    expect(synced({ unarchived: true, changes: null })).toContain(
      'Restored the member’s archived user',
    );
  });

  it('never shows a phone number or an email, only that they changed', () => {
    const note = synced({
      changes: [
        { field: 'phone', from: '+17654657031', to: '+12025550143' },
        { field: 'email', from: 'old@example.com', to: 'jane@example.com' },
      ],
    });
    expect(note).toContain('phone updated');
    expect(note).toContain('email updated');
    expect(note).not.toMatch(/\+1\d{10}|@example\.com/);
  });

  it('names the leads Intercom refused to merge and what to do', () => {
    const note = synced({ refusedLeadIds: ['lead-1'] });
    expect(note).toContain('Intercom refused to merge one lead (lead-1)');
    expect(note).toContain('by hand');
  });

  it.each<[SyncNoteOutcome, string[]]>([
    [
      { kind: 'no_member_number', attribute: 'Member Number Verification' },
      ['no member number', 'Member Number Verification', 'mynatca-sync'],
    ],
    [
      { kind: 'invalid_member_number', attribute: 'Member Number Verification' },
      ['cannot be read', 'mynatca-sync'],
    ],
    [{ kind: 'member_not_found', memberNumber: '99999' }, ['99999', 'Active or Retired', 'tag']],
    [{ kind: 'member_without_email', memberNumber: '12345' }, ['no email address']],
    [{ kind: 'contact_not_restorable' }, ['could not restore', 'Operators have been told']],
    [{ kind: 'failed' }, ['failed', 'Operators have been told']],
  ])('says what happened and what to do next: %j', (outcome, phrases) => {
    const note = formatSyncNote(outcome);
    for (const phrase of phrases) expect(note).toContain(phrase);
  });

  it('uses only <p>, <b> and <br>, and escapes every value', () => {
    const note = synced({
      name: '<script>alert(1)</script> & Co',
      changes: [{ field: 'facility', from: '<i>', to: 'A&B' }],
    });
    expect(note).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(note).toContain('facility &lt;i&gt; → A&amp;B');
    expect(tagsOf(note).every((tag) => /^<\/?(p|b|br)>$/.test(tag))).toBe(true);
  });

  it('names the configured sync tag', () => {
    expect(formatSyncNote({ kind: 'no_member_number', attribute: 'x' }, 'resync')).toContain(
      '<b>resync</b>',
    );
  });
});
