import { Logger } from '@nestjs/common';
import { dataAttributeOf } from '../../../test/support/data-attribute-fixtures';
import type { AttributeRefusal } from './attribute-refusal';
import {
  ContactAttributeWriter,
  MAX_SEARCH_WRITES,
  type ContactWrite,
} from './contact-attribute.writer';
import type { RefusedAttributeRecord } from './intercom-call.observer';
import type { ContactChanges, IntercomContact, IntercomDataAttribute } from './intercom-contact';
import { classifyIntercomAnswer, IntercomTransientError } from './intercom.errors';
import { WorkspaceAttributeCatalog } from './workspace-attribute-catalog';

const MEMBER = {
  member_number: '4242',
  member_type: 'Retired Member',
  region: 'RNAV',
  facility: 'RNAV',
  positions: 'Facility Rep',
};

const attribute = dataAttributeOf;

const refusal = (status: number, message: string, code = 'parameter_invalid') =>
  classifyIntercomAnswer(
    'PUT contact',
    { status, body: { type: 'error.list', errors: [{ code, message }] } },
    1000,
  );

interface Sent {
  id: string | null;
  customAttributes: Record<string, string>;
  phone?: string;
}

/**
 * A fake Intercom: `refuse` says what answers a write (undefined: written). Every write
 * is recorded; a create makes contact `new`.
 */
function setup(refuse: (sent: Sent) => Error | undefined) {
  const sent: Sent[] = [];
  const reported: RefusedAttributeRecord[] = [];
  const catalog = new WorkspaceAttributeCatalog();
  let listing: IntercomDataAttribute[] = Object.keys(MEMBER).map((name) => attribute(name));
  const listAttributes = jest.fn(() => {
    catalog.update(listing);
    return Promise.resolve(listing);
  });
  const answer = (write: Sent): Promise<IntercomContact> => {
    sent.push(write);
    const error = refuse(write);
    if (error) return Promise.reject(error);
    const contact = {
      id: write.id ?? 'new',
      role: 'user',
      email: null,
      phone: null,
      customAttributes: write.customAttributes,
      createdAt: 0,
    };
    return Promise.resolve(contact);
  };
  const writer = new ContactAttributeWriter(catalog, {
    listAttributes,
    onRefused: (record) => reported.push(record),
  });
  const contactWrite = (
    id: string | null,
    changes: ContactChanges,
  ): ContactWrite<ContactChanges> => ({
    operation: id === null ? 'POST contact' : 'PUT contact',
    contactId: id,
    changes,
    send: (c) => answer({ id, customAttributes: c.customAttributes, phone: c.phone }),
    update: (contactId, customAttributes) => answer({ id: contactId, customAttributes }),
  });
  return {
    sent,
    reported,
    catalog,
    listAttributes,
    setListing: (next: IntercomDataAttribute[]) => (listing = next),
    update: (changes: ContactChanges) => writer.write(contactWrite('c1', changes)),
    create: (changes: ContactChanges) => writer.write(contactWrite(null, changes)),
  };
}

const refusedOf = (reported: RefusedAttributeRecord[]): AttributeRefusal[] =>
  reported.map(({ attribute, reason }) => ({ attribute, reason }));

/** Refuses any write that carries member_type with a value outside the options. */
const listRefusal =
  (message: string) =>
  (write: Sent): Error | undefined =>
    write.customAttributes.member_type === 'Retired Member' ? refusal(400, message) : undefined;

describe('ContactAttributeWriter', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('leaves out, before sending, a value outside a list attribute’s options the listing shows', async () => {
    const t = setup(listRefusal('should not be sent'));
    t.catalog.update([
      attribute('member_type', { options: ['Current Member', 'Member'] }),
      attribute('old_badge', { archived: true }),
    ]);
    const contact = await t.update({ customAttributes: { ...MEMBER, old_badge: 'x' } });
    expect(t.sent).toEqual([
      {
        id: 'c1',
        customAttributes: {
          member_number: '4242',
          region: 'RNAV',
          facility: 'RNAV',
          positions: 'Facility Rep',
        },
        phone: undefined,
      },
    ]);
    expect(contact.id).toBe('c1');
    expect(t.reported).toEqual([
      {
        attribute: 'member_type',
        reason: 'not_a_list_option',
        operation: 'PUT contact',
        contactId: 'c1',
      },
      {
        attribute: 'old_badge',
        reason: 'archived_attribute',
        operation: 'PUT contact',
        contactId: 'c1',
      },
    ]);
    // The warning names contact, attribute and reason, never the value.
    const logged = warn.mock.calls.map(([entry]) => entry as Record<string, unknown>);
    expect(logged[0]).toMatchObject({
      contact_id: 'c1',
      attribute: 'member_type',
      reason: 'not a list option',
    });
    expect(JSON.stringify(logged)).not.toContain('Retired');
  });

  it('sends the write again without the attribute a refusal names', async () => {
    const t = setup(
      listRefusal("'Retired Member' is not a valid option for the list attribute 'member_type'"),
    );
    await t.update({ customAttributes: MEMBER, phone: '+17654657031' });
    expect(t.sent.map((s) => Object.keys(s.customAttributes))).toEqual([
      Object.keys(MEMBER),
      ['member_number', 'region', 'facility', 'positions'],
    ]);
    expect(t.sent[1].phone).toBe('+17654657031');
    expect(t.listAttributes).not.toHaveBeenCalled();
    expect(refusedOf(t.reported)).toEqual([
      { attribute: 'member_type', reason: 'not_a_list_option' },
    ]);
  });

  it('lists the workspace again for a refusal that names no attribute, and leaves out what it explains', async () => {
    const t = setup(listRefusal('Value is not one of the options'));
    t.setListing([
      ...['member_number', 'region', 'facility', 'positions'].map((name) => attribute(name)),
      attribute('member_type', { options: ['Current Member'] }),
    ]);
    await t.update({ customAttributes: MEMBER });
    expect(t.listAttributes).toHaveBeenCalledTimes(1);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1].customAttributes).not.toHaveProperty('member_type');
    expect(refusedOf(t.reported)).toEqual([
      { attribute: 'member_type', reason: 'not_a_list_option' },
    ]);
    // The next write is screened before sending: one call, no listing.
    await t.update({ customAttributes: MEMBER });
    expect(t.sent).toHaveLength(3);
    expect(t.listAttributes).toHaveBeenCalledTimes(1);
  });

  it('names a type mismatch from the listing’s data type', async () => {
    const t = setup((write) =>
      'member_number' in write.customAttributes ? refusal(400, 'Invalid value') : undefined,
    );
    t.setListing([attribute('member_number', { dataType: 'integer' })]);
    await t.update({ customAttributes: MEMBER });
    expect(refusedOf(t.reported)).toEqual([
      { attribute: 'member_number', reason: 'type_mismatch' },
    ]);
    expect(t.sent).toHaveLength(2);
  });

  it('finds an attribute nothing names by halves, writing the rest', async () => {
    const t = setup((write) =>
      'positions' in write.customAttributes ? refusal(400, 'Something is wrong') : undefined,
    );
    await t.update({ customAttributes: MEMBER });
    // The write, the write without custom attributes, then halves: positions is left.
    expect(t.sent.map((s) => Object.keys(s.customAttributes))).toEqual([
      Object.keys(MEMBER),
      [],
      ['member_number', 'member_type'],
      ['region'],
      ['facility'],
    ]);
    expect(refusedOf(t.reported)).toEqual([{ attribute: 'positions', reason: 'invalid_value' }]);
  });

  it.each(Object.keys(MEMBER))(
    'singles out %s alone within MAX_SEARCH_WRITES extra writes, and writes every other',
    async (culprit) => {
      const t = setup((write) =>
        culprit in write.customAttributes ? refusal(400, 'Something is wrong') : undefined,
      );
      await t.update({ customAttributes: MEMBER });
      expect(t.sent.length).toBeLessThanOrEqual(1 + MAX_SEARCH_WRITES);
      expect(refusedOf(t.reported)).toEqual([{ attribute: culprit, reason: 'invalid_value' }]);
      const written = t.sent
        .filter((s) => !(culprit in s.customAttributes))
        .flatMap((s) => Object.keys(s.customAttributes));
      expect(new Set(written)).toEqual(new Set(Object.keys(MEMBER).filter((k) => k !== culprit)));
    },
  );

  it('never makes more than MAX_SEARCH_WRITES extra writes, leaving the untried out as unresolved', async () => {
    const t = setup((write) =>
      ['member_number', 'region', 'positions'].some((k) => k in write.customAttributes)
        ? refusal(400, 'Something is wrong')
        : undefined,
    );
    await t.update({ customAttributes: MEMBER });
    expect(t.sent).toHaveLength(1 + MAX_SEARCH_WRITES);
    const refused = refusedOf(t.reported);
    // Three refused attributes do not fit the bound: what was not tried alone is unresolved.
    for (const culprit of ['member_number', 'positions', 'region']) {
      expect(refused.map((r) => r.attribute)).toContain(culprit);
    }
    expect(refused.filter((r) => r.reason === 'unresolved').length).toBeGreaterThan(0);
    // Whatever is not reported was written.
    const written = new Set(t.sent.slice(1).flatMap((s) => Object.keys(s.customAttributes)));
    for (const name of Object.keys(MEMBER)) {
      expect(refused.some((r) => r.attribute === name) || written.has(name)).toBe(true);
    }
  });

  it('keeps a refusal of the whole request permanent, after one write without attributes', async () => {
    const error = refusal(400, 'phone is invalid');
    const t = setup(() => error);
    await expect(t.update({ customAttributes: MEMBER, phone: '+1' })).rejects.toBe(error);
    expect(t.sent.map((s) => Object.keys(s.customAttributes).length)).toEqual([5, 0]);
    expect(t.reported).toEqual([]);
  });

  it('creates the contact without custom attributes, then writes them to it', async () => {
    const t = setup((write) =>
      write.customAttributes.region === 'RNAV' ? refusal(400, 'Something is wrong') : undefined,
    );
    const contact = await t.create({ customAttributes: MEMBER });
    expect(contact.id).toBe('new');
    expect(t.sent[0].id).toBeNull();
    expect(t.sent[1]).toMatchObject({ id: null, customAttributes: {} });
    expect(t.sent.slice(2).every((s) => s.id === 'new')).toBe(true);
    expect(refusedOf(t.reported)).toEqual([{ attribute: 'region', reason: 'invalid_value' }]);
    expect(t.reported[0]).toMatchObject({ operation: 'POST contact', contactId: 'new' });
  });

  it('lists the workspace at most once a minute for refusals', async () => {
    const t = setup(listRefusal('Value is not one of the options'));
    await t.update({ customAttributes: MEMBER });
    await t.update({ customAttributes: MEMBER });
    expect(t.listAttributes).toHaveBeenCalledTimes(1);
  });

  it('passes any other failure on at once', async () => {
    const t = setup(() => new IntercomTransientError('PUT contact: HTTP 503', 503));
    await expect(t.update({ customAttributes: MEMBER })).rejects.toBeInstanceOf(
      IntercomTransientError,
    );
    const auth = setup(() => refusal(400, 'Not authorized', 'token_unauthorized'));
    await expect(auth.update({ customAttributes: MEMBER })).rejects.toMatchObject({ status: 400 });
    expect(t.sent).toHaveLength(1);
    expect(auth.sent).toHaveLength(1);
  });
});
