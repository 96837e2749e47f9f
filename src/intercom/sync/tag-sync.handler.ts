import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { intercomConfig } from '../../common/config/intercom.config';
import { MemberRepository } from '../../members';
import { PositionsService } from '../../positions';
import { conversationOf, extractContactId, id, object, type Json, joinWithin } from '../enrichment';
import type { IntercomTag } from '../gateway';
import { IntercomGateway } from '../gateway';
import { describeError } from '../inbox';
import type { NotificationContext, NotificationHandler } from '../inbox';
import { ContactNotRestorableError } from './contact-not-restorable.error';
import { MemberResyncService } from './member-resync.service';
import { MEMBER_NUMBER_DISPLAY_NAME, memberNumberFrom } from './member-number';
import type { SyncNoteOutcome } from './notes/sync-note';
import { SyncNoteWriter } from './notes/sync-note.writer';
import { conversationTags, findSyncTag, type SyncTagMatch } from './sync-tag';
import { SyncTagRemover } from './sync-tag.remover';

export const TAG_SYNC_TOPICS = ['conversation_part.tag.created'] as const;

/** The inbox keeps an outcome in at most 255 characters (its `outcome` column). */
const OUTCOME_MAX_LENGTH = 255;

/** How a sync ended: the notification's outcome, and the note the agent gets (none when there is nowhere to write it). */
interface SyncEnd {
  outcome: string;
  note?: SyncNoteOutcome;
}

/** What the sync needs to know about the conversation. */
interface ConversationFacts {
  customAttributes: Json;
  /** The conversation's own contact, when one is known. */
  contactId?: string;
  /** Tags whose ids are known from the payload or the conversation. */
  tags: IntercomTag[];
}

/**
 * docs/reference.md, "Manual re-sync": an agent put a member number on the conversation and
 * tagged it with the sync tag; make that member's USER contact complete, fold
 * its LEADs and duplicates into it, and take the tag off. Skips end as done
 * with the tag left on (the agent sees nothing happened); failures throw, so
 * the inbox retries and the tag stays until a run succeeds.
 */
@Injectable()
export class TagSyncHandler implements NotificationHandler {
  readonly topics = TAG_SYNC_TOPICS;
  private readonly logger = new Logger(TagSyncHandler.name);
  // Plain collaborators rather than providers: the sync's whole wiring stays one provider.
  private readonly resync: MemberResyncService;
  private readonly tagRemover: SyncTagRemover;

  constructor(
    private readonly intercom: IntercomGateway,
    members: MemberRepository,
    positions: PositionsService,
    @Inject(intercomConfig.KEY) private readonly config: ConfigType<typeof intercomConfig>,
    private readonly notes: SyncNoteWriter,
    events: EventEmitter2,
  ) {
    this.resync = new MemberResyncService(intercom, members, positions, events);
    this.tagRemover = new SyncTagRemover(intercom, config.adminId);
  }

  async handle(payload: unknown, context: NotificationContext): Promise<string> {
    const target = this.target(payload);
    if (!target) return 'not_sync_tag';
    const { conversation, conversationId, match } = target;
    if (!conversationId) {
      this.logger.warn({ msg: 'No conversation ID in tag notification', tag: match.name });
      return 'no_conversation_id';
    }
    try {
      const end = await this.sync(payload, conversation, conversationId, match);
      if (end.note) {
        const note = {
          notificationId: context.notificationId,
          conversationId,
          adminId: match.adminId,
        };
        await this.notes.write(note, end.note);
      }
      return end.outcome;
    } catch (error) {
      // The inbox decides about the retry; this line says which conversation keeps its tag for now.
      this.logger.error({
        msg: 'Tag-based sync failed',
        conversation_id: conversationId,
        error: describeError(error),
      });
      throw error;
    }
  }

  /**
   * The notification failed for good (after its retries, or at once when permanent):
   * tell the agent on the conversation. Called by the inbox after it recorded `failed`.
   */
  async onFailed(payload: unknown, context: NotificationContext, error: unknown): Promise<void> {
    const target = this.target(payload);
    if (!target?.conversationId) return;
    const kind = error instanceof ContactNotRestorableError ? 'contact_not_restorable' : 'failed';
    await this.notes.write(
      {
        notificationId: context.notificationId,
        conversationId: target.conversationId,
        adminId: target.match.adminId,
      },
      { kind },
    );
  }

  /** The conversation and the sync tag just added to it; null when the notification is not a sync. */
  private target(payload: unknown) {
    const conversation = conversationOf(payload);
    const match = conversation && findSyncTag(conversation, this.config.syncTag);
    if (!match) return null;
    return { conversation, conversationId: id(conversation.id), match };
  }

  private async sync(
    payload: unknown,
    conversation: Json,
    conversationId: string,
    match: SyncTagMatch,
  ): Promise<SyncEnd> {
    const facts = await this.conversationFacts(payload, conversation, conversationId);
    if (!facts) {
      // Nowhere to write a note either.
      this.logger.warn({
        msg: 'Conversation not found in Intercom',
        conversation_id: conversationId,
      });
      return { outcome: 'conversation_not_found' };
    }
    const attribute = MEMBER_NUMBER_DISPLAY_NAME;

    const reading = memberNumberFrom(facts.customAttributes, this.config.memberNumberAttribute);
    if (reading.status === 'ill_formed') {
      // Permanent (a retry reads the same text, and no member has it); the value is not echoed.
      this.logger.warn({
        msg: 'Member number in conversation attributes is not well-formed Unicode',
        conversation_id: conversationId,
        attribute: this.config.memberNumberAttribute,
      });
      return {
        outcome: 'invalid_member_number',
        note: { kind: 'invalid_member_number', attribute },
      };
    }
    if (reading.status === 'missing') {
      this.logger.warn({
        msg: 'No member number found in conversation attributes',
        conversation_id: conversationId,
      });
      return { outcome: 'no_member_number', note: { kind: 'no_member_number', attribute } };
    }
    const memberNumber = reading.memberNumber;
    this.logger.log({
      msg: 'Processing tag-based sync for conversation',
      conversation_id: conversationId,
      tag: match.name,
      member_number: memberNumber,
    });

    const end = await this.resync.resync({
      memberNumber,
      conversationContactId: facts.contactId,
      log: { conversation_id: conversationId },
      source: 'tag-based sync',
    });
    // Not found: the tag stays so the agent sees the number needs checking.
    if (end.kind !== 'synced') return { outcome: end.kind, note: end.note };
    const { result, note } = end;

    const removal = await this.tagRemover.remove(conversationId, match, facts.tags);
    const outcome = removal === 'removed' ? 'synced' : `synced_tag_${removal}`;
    if (result.refusedLeadIds.length === 0) return { outcome, note };
    // The outcome's first word is its metric label; the refused leads follow for operators,
    // within the 255 characters the inbox's outcome column holds.
    const detail = `${outcome}: merge refused by Intercom for lead `;
    return {
      outcome: detail + joinWithin(result.refusedLeadIds, ', ', OUTCOME_MAX_LENGTH - detail.length),
      note,
    };
  }

  /**
   * From the payload when it carries the conversation's attributes; older
   * payloads (the 2019 sample) do not, so the conversation is fetched. Null
   * when Intercom no longer has it.
   */
  private async conversationFacts(
    payload: unknown,
    conversation: Json,
    conversationId: string,
  ): Promise<ConversationFacts | null> {
    const fromPayload = {
      contactId: extractContactId(payload),
      tags: conversationTags(conversation),
    };
    const customAttributes = object(conversation.custom_attributes);
    if (customAttributes) return { customAttributes, ...fromPayload };

    const fetched = await this.intercom.getConversation(conversationId);
    if (!fetched) return null;
    return {
      customAttributes: fetched.customAttributes,
      contactId: fromPayload.contactId ?? fetched.contactIds[0],
      tags: [...fromPayload.tags, ...fetched.tags],
    };
  }
}
