import type { IntercomContact } from '../gateway/intercom-contact';
import { diffContact } from './contact-diff';

const contact = (overrides: Partial<IntercomContact> = {}): IntercomContact => ({
  id: 'c1',
  role: 'user',
  email: 'john.doe@example.com',
  phone: null,
  customAttributes: {},
  createdAt: 0,
  ...overrides,
});

describe('diffContact', () => {
  it('lists every attribute the contact lacks, with no previous value', () => {
    expect(
      diffContact(contact(), {
        customAttributes: { member_number: '12345', region: '' },
        phone: '+17654657031',
      }),
    ).toEqual([
      { field: 'member_number', from: null, to: '12345' },
      { field: 'region', from: null, to: '' },
      { field: 'phone', from: null, to: '+17654657031' },
    ]);
  });

  it('leaves out values that are already there, whatever type Intercom stored them as', () => {
    const current = contact({
      phone: '+17654657031',
      customAttributes: { member_number: 12345, facility: 'ZAU', positions: 'Old' },
    });
    expect(
      diffContact(current, {
        customAttributes: { member_number: '12345', facility: 'ZAU', positions: 'New' },
        phone: '+17654657031',
      }),
    ).toEqual([{ field: 'positions', from: 'Old', to: 'New' }]);
  });

  it('ignores a phone the write does not send', () => {
    expect(diffContact(contact({ phone: '+1555' }), { customAttributes: {} })).toEqual([]);
  });
});
