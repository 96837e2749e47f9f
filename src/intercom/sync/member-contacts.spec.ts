import type { IntercomContact } from '../gateway/intercom-contact';
import { sortMemberContacts } from './member-contacts';

const contact = (
  id: string,
  role: string,
  createdAt: number,
  email: string | null = 'john@example.com',
) => ({ id, role, email, phone: null, customAttributes: {}, createdAt }) satisfies IntercomContact;

describe('sortMemberContacts', () => {
  it('keeps the newest USER and lists the older ones and the leads', () => {
    const result = sortMemberContacts(
      [
        contact('u-old', 'user', 100),
        contact('lead-1', 'lead', 50),
        contact('u-new', 'user', 300),
        contact('u-mid', 'user', 200),
      ],
      'john@example.com',
    );
    expect(result.keep?.id).toBe('u-new');
    expect(result.olderUsers.map((c) => c.id)).toEqual(['u-mid', 'u-old']);
    expect(result.leads.map((c) => c.id)).toEqual(['lead-1']);
  });

  it('breaks a tie in creation time by the later id', () => {
    const result = sortMemberContacts(
      [contact('aaa', 'user', 100), contact('bbb', 'user', 100)],
      'john@example.com',
    );
    expect(result.keep?.id).toBe('bbb');
    expect(result.olderUsers.map((c) => c.id)).toEqual(['aaa']);
  });

  it('has nothing to keep without a USER', () => {
    const result = sortMemberContacts([contact('lead-1', 'lead', 1)], 'john@example.com');
    expect(result.keep).toBeUndefined();
    expect(result.olderUsers).toEqual([]);
    expect(result.leads.map((c) => c.id)).toEqual(['lead-1']);
  });

  it('leaves out contacts with another email, comparing emails without case or space', () => {
    const result = sortMemberContacts(
      [
        contact('mine', 'user', 1, ' John@Example.com'),
        contact('other', 'user', 2, 'johnny@example.com'),
        contact('none', 'lead', 3, null),
      ],
      'john@example.com',
    );
    expect(result.keep?.id).toBe('mine');
    expect(result.olderUsers).toEqual([]);
    expect(result.leads).toEqual([]);
  });
});
