import { sample } from '../../../test/support/webhook-payloads';
import { conversationOf, extractContactId } from './contact-id';

const v2 = (item: unknown) => ({
  type: 'notification_event',
  topic: 'conversation.user.replied',
  data: { item },
});

describe('extractContactId', () => {
  it.each([
    'conversation_user_created.json',
    'conversation_user_replied.json',
    'conversation_part_tag_created.json',
  ])('reads the user of the older payload generation (%s)', (name) => {
    expect(extractContactId(sample(name))).toBe('5c9553cb27e377f24eed49f7');
  });

  it('prefers the source author when it is a user, lead or contact', () => {
    for (const type of ['user', 'lead', 'contact']) {
      const payload = v2({
        source: { author: { type, id: 'author-1' } },
        contacts: { contacts: [{ type: 'contact', id: 'contact-1' }] },
      });
      expect(extractContactId(payload)).toBe('author-1');
    }
  });

  it('takes text that is not well-formed Unicode for no id', () => {
    const payload = v2({
      source: { author: { type: 'user', id: 'author-\uD800' } },
      contacts: { contacts: [{ type: 'contact', id: 'contact-1' }] },
    });
    expect(extractContactId(payload)).toBe('contact-1');
    expect(extractContactId(v2({ contacts: { contacts: [{ id: '\uDC00' }] } }))).toBeUndefined();
  });

  it('falls back to the first contact when an admin or bot wrote', () => {
    for (const type of ['admin', 'bot', 'team']) {
      const payload = v2({
        source: { author: { type, id: 'admin-1' } },
        contacts: {
          contacts: [
            { type: 'contact', id: 'contact-1' },
            { type: 'contact', id: 'contact-2' },
          ],
        },
      });
      expect(extractContactId(payload)).toBe('contact-1');
    }
  });

  it('falls back to the conversation message author in older payloads without a user', () => {
    expect(
      extractContactId(
        v2({ conversation_message: { author: { type: 'user', id: 'msg-author' } } }),
      ),
    ).toBe('msg-author');
  });

  it.each([
    ['no item', { data: {} }],
    ['an empty item', v2({})],
    [
      'an admin author and no contacts',
      v2({ source: { author: { type: 'admin', id: 'a' } }, contacts: { contacts: [] } }),
    ],
    [
      'wrong types everywhere',
      v2({ source: 'x', contacts: { contacts: 'y' }, user: [], conversation_message: 5 }),
    ],
    ['blank ids', v2({ source: { author: { type: 'user', id: '  ' } }, user: { id: '' } })],
    ['not an object', 'garbage'],
    ['null', null],
  ])('returns undefined for %s', (_label, payload) => {
    expect(extractContactId(payload)).toBeUndefined();
  });
});

describe('conversationOf', () => {
  it('returns the item of a notification', () => {
    expect(conversationOf(v2({ id: '123' }))).toEqual({ id: '123' });
    expect(conversationOf({ data: { item: [] } })).toBeUndefined();
  });
});
