import { Logger } from '@nestjs/common';
import type { IntercomTag, IntercomGateway } from '../gateway';
import { findTagId, type SyncTagMatch } from './sync-tag';

/** How the removal ended; only `removed` took the tag off just now. */
export type TagRemoval = 'removed' | 'already_removed' | 'no_admin';

/**
 * docs/reference.md, "Manual re-sync": takes the sync tag off the conversation once the contact is
 * complete, on behalf of the admin who added it (else INTERCOM_ADMIN_ID).
 * The tag's id comes from the payload when it names it, else from GET /tags,
 * which is asked once per process: tags are long-lived and every re-sync
 * needs the same one.
 */
export class SyncTagRemover {
  private readonly logger = new Logger(SyncTagRemover.name);
  private workspaceTags?: Promise<IntercomTag[]>;

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly defaultAdminId: string | undefined,
  ) {}

  /**
   * @param knownTags tags whose ids the caller already has (the conversation's own),
   *   consulted before the workspace list.
   */
  async remove(
    conversationId: string,
    match: SyncTagMatch,
    knownTags: readonly IntercomTag[],
  ): Promise<TagRemoval> {
    const log = { conversation_id: conversationId, tag: match.name };
    const adminId = match.adminId ?? this.defaultAdminId;
    if (!adminId) {
      // Configuration, not a passing failure: retrying cannot help, the sync itself is done.
      this.logger.warn({
        msg: 'Sync tag not removed: no admin to act as (set INTERCOM_ADMIN_ID)',
        ...log,
      });
      return 'no_admin';
    }

    const fromPayload = match.tagId ?? findTagId(knownTags, match.name);
    let removed = fromPayload
      ? await this.intercom.removeConversationTag(conversationId, fromPayload, adminId)
      : await this.removeByWorkspaceTag(conversationId, match.name, adminId);

    if (removed === undefined) {
      // No tag of that name exists any more, so no conversation can carry it.
      this.logger.warn({ msg: 'Sync tag not found in Intercom', ...log });
      removed = false;
    }
    if (!removed) {
      this.logger.warn({ msg: 'Sync tag already removed from conversation', ...log });
      return 'already_removed';
    }
    this.logger.log({ msg: 'Removed mynatca-sync tag from conversation', ...log });
    return 'removed';
  }

  /** Undefined when the workspace has no such tag. */
  private async removeByWorkspaceTag(
    conversationId: string,
    name: string,
    adminId: string,
  ): Promise<boolean | undefined> {
    const wasCached = this.workspaceTags !== undefined;
    const tagId = findTagId(await this.tags(), name);
    if (tagId && (await this.intercom.removeConversationTag(conversationId, tagId, adminId))) {
      return true;
    }
    if (!wasCached) return tagId ? false : undefined;
    // A cached list can be stale (the tag was deleted and made again): ask once more before giving up.
    const fresh = findTagId(await this.tags(true), name);
    if (!fresh) return undefined;
    if (fresh === tagId) return false;
    return this.intercom.removeConversationTag(conversationId, fresh, adminId);
  }

  private tags(refresh = false): Promise<IntercomTag[]> {
    if (refresh || !this.workspaceTags) {
      const pending = this.intercom.listTags();
      // A failed list is not remembered: the next run asks again.
      pending.catch(() => {
        if (this.workspaceTags === pending) this.workspaceTags = undefined;
      });
      this.workspaceTags = pending;
    }
    return this.workspaceTags;
  }
}
