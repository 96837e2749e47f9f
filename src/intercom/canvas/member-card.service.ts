import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { canvasConfig } from '../../common/config/canvas.config';
import { intercomConfig } from '../../common/config/intercom.config';
import { withTimeout } from '../../common/async/with-timeout';
import type { Member } from '../../members';
import { MemberRepository } from '../../members';
import { PositionsService } from '../../positions';
import { id, object, type Json, asMemberNumber } from '../enrichment';
import { describeError } from '../inbox';
import { memberNumberFrom } from '../sync';
import type { Canvas } from './canvas-kit';
import type { CanvasRequestDto } from './dto/canvas-request.dto';
import {
  MEMBER_NUMBER_INPUT_ID,
  memberCanvas,
  notFoundCanvas,
  notSyncedCanvas,
  refusedNumberCanvas,
  startedCanvas,
  SYNC_BUTTON_ID,
  syncedCanvas,
  unavailableCanvas,
} from './member-card.canvas';
import { memberCardFacts, type MemberCardFacts } from './member-card.rows';
import { MemberCardSyncStarter, type CardSyncProgress } from './member-card-sync.starter';

/** A member number as agents type it: digits only (docs/reference.md, "Member card"). */
const MEMBER_NUMBER = /^\d{1,32}$/;

/** A member and their current titles, read live. */
interface MemberReading {
  member: Member;
  titles: string[];
}

/** The viewed contact: Intercom's field table calls it `customer`, its example and OpenAPI `contact`. */
function viewedContact(body: CanvasRequestDto): Json {
  return object(body.contact) ?? object(body.customer) ?? {};
}

/** `stored_data` comes back on the request, or inside `current_canvas` (either shape). */
function storedMemberNumber(body: CanvasRequestDto): string | undefined {
  const current = object(body.current_canvas);
  const stored =
    object(body.stored_data) ??
    object(current?.stored_data) ??
    object(object(current?.current_canvas)?.stored_data);
  return asMemberNumber(stored?.member_number);
}

/**
 * The member card (docs/reference.md, "Member card"): what initialize and submit answer. Never
 * throws for MySQL or Supabase: a read past CANVAS_READ_TIMEOUT_MS or failing gives the
 * "unavailable" card, so Intercom always gets a 200 canvas within its 2 s.
 */
@Injectable()
export class MemberCardService {
  private readonly logger = new Logger(MemberCardService.name);

  constructor(
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
    private readonly syncs: MemberCardSyncStarter,
    @Inject(canvasConfig.KEY) private readonly config: ConfigType<typeof canvasConfig>,
    @Inject(intercomConfig.KEY) private readonly intercom: ConfigType<typeof intercomConfig>,
  ) {}

  /** The member matched by the contact's member_number, else its email; or why none is shown. */
  async initialize(body: CanvasRequestDto): Promise<Canvas> {
    const contact = viewedContact(body);
    const attributes = object(contact.custom_attributes) ?? {};
    const number = asMemberNumber(attributes.member_number);
    const email =
      typeof contact.email === 'string' && contact.email.trim() !== '' ? contact.email : undefined;
    const tried = number
      ? `the member number ${number}`
      : email
        ? `the email ${email.trim()}`
        : null;
    let reading: MemberReading | null;
    try {
      reading = await this.read(() =>
        number ? this.members.findByNumber(number) : email ? this.members.findByEmail(email) : null,
      );
    } catch (error) {
      return this.unavailable(body, error);
    }
    if (!reading) return notFoundCanvas(tried, this.conversationNumber(body));
    const facts = memberCardFacts(reading.member, reading.titles, {
      customAttributes: attributes,
      phone: typeof contact.phone === 'string' ? contact.phone : null,
    });
    return memberCanvas(facts, reading.member.memberNumber);
  }

  /** "Sync member" syncs; any other component (Back, Try again, Refresh) shows the card again. */
  async submit(body: CanvasRequestDto): Promise<Canvas> {
    if (body.component_id !== SYNC_BUTTON_ID) return this.initialize(body);
    const typed = body.input_values?.[MEMBER_NUMBER_INPUT_ID];
    const value = typeof typed === 'string' && typed.trim() !== '' ? typed.trim() : undefined;
    const memberNumber = value ?? storedMemberNumber(body);
    if (memberNumber === undefined) {
      return refusedNumberCanvas('', 'Type the member’s number first.');
    }
    if (!MEMBER_NUMBER.test(memberNumber)) {
      return refusedNumberCanvas(memberNumber, 'That is not a member number (digits only).');
    }
    const conversationId = id(object(body.conversation)?.id);
    if (!conversationId)
      return notSyncedCanvas('This card is not on a conversation.', memberNumber);
    let reading: MemberReading | null;
    try {
      reading = await this.read(() => this.members.findByNumber(memberNumber));
    } catch (error) {
      return this.unavailable(body, error);
    }
    if (!reading) {
      return refusedNumberCanvas(
        memberNumber,
        `No Active or Retired member has the number ${memberNumber}.`,
      );
    }
    const admin = object(body.admin) ?? {};
    const adminName = [admin.name, admin.email, admin.id].find(
      (value): value is string => typeof value === 'string' && value.trim() !== '',
    );
    let progress: CardSyncProgress;
    try {
      progress = await this.syncs.start({
        conversationId,
        contactId: id(viewedContact(body).id),
        memberNumber,
        adminId: id(admin.id),
        adminName: adminName ?? 'a teammate',
      });
    } catch (error) {
      // The inbox could not record the click: nothing was written, the agent can click again.
      return this.unavailable(body, error);
    }
    const now = new Date();
    if (progress.state === 'started') return startedCanvas(memberNumber, now);
    const { outcome } = progress;
    if (outcome?.kind === 'synced' || (!outcome && progress.reason.startsWith('synced'))) {
      return syncedCanvas(
        await this.factsAfterSync(memberNumber, reading),
        outcome?.kind === 'synced' ? outcome : null,
        memberNumber,
        now,
      );
    }
    if (outcome?.kind === 'member_not_found') {
      return refusedNumberCanvas(
        memberNumber,
        `No Active or Retired member has the number ${memberNumber}.`,
      );
    }
    return notSyncedCanvas(this.notSyncedReason(outcome?.kind), memberNumber);
  }

  private notSyncedReason(kind: string | undefined): string {
    switch (kind) {
      case 'member_without_email':
        return 'Not synced: this member has no email address on record, so no contact can be found or created.';
      case 'contact_not_restorable':
        return 'Not synced: the member’s contact is archived and Intercom could not restore it. See the note.';
      default:
        return 'The sync failed (Intercom or the member records did not answer). Operators have been told; try again later.';
    }
  }

  /** The table as the contact now carries it (read again; the one before the sync if that fails). */
  private async factsAfterSync(
    memberNumber: string,
    before: MemberReading,
  ): Promise<MemberCardFacts> {
    const reading = await this.read(() => this.members.findByNumber(memberNumber)).catch(
      () => before,
    );
    const { member, titles } = reading ?? before;
    return memberCardFacts(member, titles, { customAttributes: {}, phone: null });
  }

  /** The conversation's member-number attribute (configured name or display name), to prefill the field. */
  private conversationNumber(body: CanvasRequestDto): string | undefined {
    const attributes = object(object(body.conversation)?.custom_attributes) ?? {};
    const reading = memberNumberFrom(attributes, this.intercom.memberNumberAttribute);
    return reading.status === 'present' ? reading.memberNumber : undefined;
  }

  /** The member and their titles within one deadline; throws on a failure or past the deadline. */
  private read(find: () => Promise<Member | null> | null): Promise<MemberReading | null> {
    const work = (async () => {
      const member = await find();
      if (!member) return null;
      return { member, titles: await this.positions.currentTitles(member.memberNumber) };
    })();
    // The work is not cancelled past the deadline: its late failure must not go unhandled.
    work.catch(() => undefined);
    return withTimeout(work, this.config.readTimeoutMs, 'member card read');
  }

  private unavailable(body: CanvasRequestDto, error: unknown): Canvas {
    this.logger.warn({
      msg: 'Member card: member data unavailable',
      conversation_id: id(object(body.conversation)?.id),
      error: describeError(error),
    });
    return unavailableCanvas();
  }
}
