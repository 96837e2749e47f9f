import { id, object, type Json } from '../enrichment';
import type { IntercomTag } from '../gateway';

/** What a notification says about the sync tag it carries. */
export interface SyncTagMatch {
  /** The tag's name as Intercom sent it; its letter case may differ from INTERCOM_SYNC_TAG. */
  name: string;
  /** The tag's id, when the payload names it. */
  tagId?: string;
  /** The admin who added the tag, when the payload names one. */
  adminId?: string;
}

/** A tag as a payload lists it, with whatever it says about who applied it. */
interface TagMention {
  name: string;
  tagId?: string;
  adminId?: string;
}

/** Intercom compares tag names without regard to letter case, and so does the sync (docs/reference.md, "Configuration"). */
export function sameTagName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The id of an admin author; undefined for users, leads, bots and teams (they cannot untag). */
function adminIdOf(author: unknown): string | undefined {
  const value = object(author);
  return value?.type === 'admin' ? id(value.id) : undefined;
}

/** A part body is HTML (`<p>mynatca-sync</p>`); only its text can be a tag name. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

/**
 * Tags in either shape Intercom uses: a `tag.list` object (`{ tags: [...] }`)
 * or a bare array; entries are tag objects or, in some part payloads, bare names.
 */
function tagsIn(value: unknown): TagMention[] {
  const list = Array.isArray(value) ? value : object(value)?.tags;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry): TagMention[] => {
    if (typeof entry === 'string') return entry.trim() ? [{ name: entry }] : [];
    const tag = object(entry);
    if (!tag || typeof tag.name !== 'string' || !tag.name.trim()) return [];
    return [{ name: tag.name, tagId: id(tag.id), adminId: adminIdOf(tag.applied_by) }];
  });
}

function partsOf(conversation: Json): Json[] {
  const parts = conversation.conversation_parts;
  const list = Array.isArray(parts) ? parts : object(parts)?.conversation_parts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((part): Json[] => {
    const value = object(part);
    return value ? [value] : [];
  });
}

/** Every tag the notification says was just added, in each form Intercom sends. */
function addedTags(conversation: Json): TagMention[] {
  const mentions = tagsIn(conversation.tags_added);
  for (const part of partsOf(conversation)) {
    const author = adminIdOf(part.author);
    if (part.part_type === 'tag' && typeof part.body === 'string') {
      mentions.push({ name: plainText(part.body), adminId: author });
    }
    for (const tag of tagsIn(part.tags)) {
      mentions.push({ ...tag, adminId: tag.adminId ?? author });
    }
  }
  return mentions;
}

/**
 * docs/reference.md, "Manual re-sync": the sync tag when it is among the tags just added, else
 * undefined. The conversation's older tags (`tags`) do not count: a conversation
 * that still carries the tag must not be re-synced by an unrelated tag event.
 * Id and admin may come from different mentions of the same tag (e.g. the id
 * from `tags_added`, the admin from the tag part's author).
 */
export function findSyncTag(conversation: Json, syncTag: string): SyncTagMatch | undefined {
  const hits = addedTags(conversation).filter((tag) => sameTagName(tag.name, syncTag));
  if (hits.length === 0) return undefined;
  const tagId = hits.find((tag) => tag.tagId)?.tagId;
  const adminId = hits.find((tag) => tag.adminId)?.adminId;
  return {
    name: hits[0].name.trim(),
    ...(tagId !== undefined && { tagId }),
    ...(adminId !== undefined && { adminId }),
  };
}

/** The conversation's current tags as the payload lists them (`tags`), for their ids. */
export function conversationTags(conversation: Json): IntercomTag[] {
  return tagsIn(conversation.tags).flatMap((tag) =>
    tag.tagId ? [{ id: tag.tagId, name: tag.name }] : [],
  );
}

/** The id of the tag with this name: an exact match first, else one differing only in case. */
export function findTagId(tags: readonly IntercomTag[], name: string): string | undefined {
  return (tags.find((tag) => tag.name === name) ?? tags.find((tag) => sameTagName(tag.name, name)))
    ?.id;
}
