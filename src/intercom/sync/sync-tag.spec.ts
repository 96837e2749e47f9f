import { sample } from '../../../test/support/webhook-payloads';
import { conversationOf } from '../enrichment/contact-id';
import { conversationTags, findSyncTag, findTagId, sameTagName } from './sync-tag';

const sampleConversation = () => {
  const conversation = conversationOf(sample('conversation_part_tag_created.json'));
  if (!conversation) throw new Error('sample without a conversation');
  return conversation;
};

const SYNC = 'mynatca-sync';

describe('findSyncTag', () => {
  it('ignores the real sample, whose added tag is another one', () => {
    expect(findSyncTag(sampleConversation(), SYNC)).toBeUndefined();
  });

  it('finds the sync tag in tags_added (real sample, renamed) with its id', () => {
    const conversation = sampleConversation();
    conversation.tags_added = {
      type: 'tag.list',
      tags: [
        { type: 'tag', id: '1', name: 'developer' },
        { type: 'tag', id: '2525085', name: 'mynatca-sync' },
      ],
    };
    expect(findSyncTag(conversation, SYNC)).toEqual({ name: 'mynatca-sync', tagId: '2525085' });
  });

  it('takes the admin from applied_by of an added tag, never a non-admin', () => {
    const tag = (type: string) => ({
      tags_added: { tags: [{ id: 9, name: SYNC, applied_by: { type, id: 'a-1' } }] },
    });
    expect(findSyncTag(tag('admin'), SYNC)).toEqual({ name: SYNC, tagId: '9', adminId: 'a-1' });
    expect(findSyncTag(tag('bot'), SYNC)).toEqual({ name: SYNC, tagId: '9' });
  });

  it('finds a tag part whose body is the tag, with the admin who added it', () => {
    const conversation = {
      conversation_parts: {
        conversation_parts: [
          { part_type: 'comment', body: '<p>mynatca-sync</p>', author: { type: 'user', id: 'u' } },
          {
            part_type: 'tag',
            body: '<p>mynatca-sync</p>',
            author: { type: 'admin', id: 'admin123' },
          },
        ],
      },
    };
    expect(findSyncTag(conversation, SYNC)).toEqual({ name: SYNC, adminId: 'admin123' });
  });

  it('does not take a comment that says the tag name for the tag', () => {
    const conversation = {
      conversation_parts: [{ part_type: 'comment', body: 'mynatca-sync' }],
    };
    expect(findSyncTag(conversation, SYNC)).toBeUndefined();
  });

  it("finds the tag in a part's own tags, in list or array form, admin from the part's author", () => {
    for (const tags of [{ tags: [{ id: '77', name: SYNC }] }, [{ id: '77', name: SYNC }], [SYNC]]) {
      const conversation = {
        conversation_parts: [{ part_type: 'note', tags, author: { type: 'admin', id: 'a-2' } }],
      };
      expect(findSyncTag(conversation, SYNC)).toMatchObject({ name: SYNC, adminId: 'a-2' });
    }
    const withId = { conversation_parts: [{ tags: [{ id: 77, name: SYNC }] }] };
    expect(findSyncTag(withId, SYNC)).toEqual({ name: SYNC, tagId: '77' });
  });

  it('combines the id and the admin from different mentions of the tag', () => {
    const conversation = {
      tags_added: { tags: [{ id: '5', name: 'MyNatca-Sync' }] },
      conversation_parts: {
        conversation_parts: [
          { part_type: 'tag', body: 'mynatca-sync', author: { type: 'admin', id: 42 } },
        ],
      },
    };
    expect(findSyncTag(conversation, SYNC)).toEqual({
      name: 'MyNatca-Sync',
      tagId: '5',
      adminId: '42',
    });
  });

  it.each(['MYNATCA-SYNC', 'MyNatca-Sync', ' mynatca-sync '])(
    'compares %p case-insensitively',
    (name) => {
      expect(findSyncTag({ tags_added: { tags: [{ name }] } }, SYNC)).toEqual({
        name: name.trim(),
      });
    },
  );

  it('uses the configured tag name', () => {
    const conversation = { tags_added: { tags: [{ name: 'resync-member' }] } };
    expect(findSyncTag(conversation, 'Resync-Member')).toEqual({ name: 'resync-member' });
    expect(findSyncTag(conversation, SYNC)).toBeUndefined();
  });

  it('does not count tags the conversation already carried (tags), only the ones just added', () => {
    const conversation = {
      tags: { tags: [{ id: '1', name: SYNC }] },
      tags_added: { tags: [{ id: '2', name: 'billing' }] },
    };
    expect(findSyncTag(conversation, SYNC)).toBeUndefined();
  });

  it('tolerates odd shapes', () => {
    for (const conversation of [
      {},
      { tags_added: null },
      { tags_added: { tags: 'x' } },
      { tags_added: { tags: [null, 3, { name: 7 }, { name: '' }] } },
      { conversation_parts: { conversation_parts: [null, 'x', { part_type: 'tag' }] } },
    ]) {
      expect(findSyncTag(conversation, SYNC)).toBeUndefined();
    }
  });
});

describe('conversationTags', () => {
  it('lists the tags with ids the conversation carries', () => {
    expect(
      conversationTags({
        tags: { tags: [{ id: 1, name: 'a' }, { name: 'no id' }, { id: '2', name: 'b' }] },
      }),
    ).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ]);
    expect(conversationTags(sampleConversation())).toEqual([{ id: '2525085', name: 'developer' }]);
  });
});

describe('findTagId', () => {
  const tags = [
    { id: '1', name: 'MyNATCA-Sync' },
    { id: '2', name: 'mynatca-sync' },
    { id: '3', name: 'other' },
  ];

  it('prefers the exact name, then a match ignoring case', () => {
    expect(findTagId(tags, 'mynatca-sync')).toBe('2');
    expect(findTagId(tags, 'MYNATCA-SYNC')).toBe('1');
    expect(findTagId(tags, 'missing')).toBeUndefined();
  });
});

describe('sameTagName', () => {
  it('ignores case and surrounding space only', () => {
    expect(sameTagName(' MyNATCA-sync', 'mynatca-sync ')).toBe(true);
    expect(sameTagName('mynatca sync', 'mynatca-sync')).toBe(false);
  });
});
