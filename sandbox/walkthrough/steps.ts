import type { IntercomStore } from '../../test/support/intercom-double/intercom-double';
import { conversationNotification } from '../../test/support/webhook-payloads';
import { MEMBER_NUMBER_ATTRIBUTE, type IntercomSeed } from '../seed/intercom.seed';
import { FACILITIES, MEMBERS, type FacilityRow } from '../seed/members.seed';
import { memberCardSync } from './card-step';
import { tagAddedNotification } from './notifications';
import type { Settlement, Settlements } from './settlements';
import { sendSignedWebhook, type WebhookAnswer } from './webhook-sender';

/** Long enough for a retry or two (INBOX_RETRY_BASE_MS=500 in the sandbox). */
const SETTLE_TIMEOUT_MS = 15_000;

export interface WalkthroughContext {
  baseUrl: string;
  clientSecret: string;
  store: IntercomStore;
  seed: IntercomSeed;
  settlements: Settlements;
  /** MEMBER_SYNC_INTERVAL_MS of the service. */
  syncIntervalMs: number;
  /** Moves a member to another facility in the member database, as the legacy system would. */
  moveMember(memberNumber: string, facilityId: number): Promise<void>;
}

export interface StepReport {
  title: string;
  ok: boolean;
  /** Label and text, printed as an aligned block under the title. */
  lines: Array<[string, string]>;
  verdict: string;
}

type Attributes = Record<string, unknown>;

interface ContactSnapshot {
  attributes: Attributes;
  phone: string | null;
}

interface Delivery {
  answer: WebhookAnswer;
  /** Undefined when the webhook was refused, so nothing was recorded to process. */
  settlement?: Settlement;
}

async function deliver(
  context: WalkthroughContext,
  notification: Record<string, unknown>,
): Promise<Delivery> {
  const answer = await sendSignedWebhook(context.baseUrl, context.clientSecret, notification);
  if (answer.status !== 200) return { answer };
  return {
    answer,
    settlement: await context.settlements.final(String(notification.id), SETTLE_TIMEOUT_MS),
  };
}

/** The outcome the worker recorded ("updated", "member_not_found", ...), if it finished. */
function outcomeOf(settlement: Settlement | undefined): string | undefined {
  return settlement?.kind === 'settled' && settlement.event.state === 'done'
    ? settlement.event.reason
    : undefined;
}

function describeDelivery({ answer, settlement }: Delivery): string {
  const webhook = `${answer.status} ${answer.body}`;
  if (!settlement) return `${webhook} → refused, nothing recorded`;
  if (settlement.kind === 'settled') {
    return `${webhook} → ${settlement.event.state}: ${settlement.event.reason}`;
  }
  const last = settlement.last ? ` (last attempt: ${settlement.last.reason})` : '';
  return `${webhook} → not finished within ${SETTLE_TIMEOUT_MS / 1000} s${last}`;
}

function snapshot(store: IntercomStore, contactId: string): ContactSnapshot {
  const contact = store.getContact(contactId);
  return { attributes: contact?.custom_attributes ?? {}, phone: contact?.phone ?? null };
}

function snapshotLines(before: ContactSnapshot, after: ContactSnapshot): Array<[string, string]> {
  return [
    ['before', JSON.stringify(before.attributes)],
    ['after', JSON.stringify(after.attributes)],
    ['phone', `${before.phone ?? '(none)'} → ${after.phone ?? '(none)'}`],
  ];
}

/** What differs from the expected attributes and phone, one phrase each. */
function differences(
  actual: ContactSnapshot,
  expected: { attributes: Record<string, string>; phone: string },
): string[] {
  const wrong = Object.entries(expected.attributes)
    .filter(([key, value]) => actual.attributes[key] !== value)
    .map(([key, value]) => `${key} should be ${JSON.stringify(value)}`);
  if (actual.phone !== expected.phone) wrong.push(`phone should be ${expected.phone}`);
  return wrong;
}

/** 1. A reply from a known member: the contact gets the member's data (docs/reference.md, "What is written to contacts"). */
async function knownMemberReplies(context: WalkthroughContext): Promise<StepReport> {
  const { member, memberConversation } = context.seed;
  const before = snapshot(context.store, member.id);
  const delivery = await deliver(
    context,
    conversationNotification(member.id, { conversationId: memberConversation.id }),
  );
  const after = snapshot(context.store, member.id);
  const wrong = differences(after, {
    attributes: {
      member_number: '10001',
      member_type: 'Current Member',
      region: 'GL',
      facility: 'ZAU',
      positions: 'Facility Representative, Legislative Representative',
    },
    phone: '+17654657031',
  });
  const ok = outcomeOf(delivery.settlement) === 'updated' && wrong.length === 0;
  return {
    title: `A member replies: conversation.user.replied from ${member.email}`,
    ok,
    lines: [
      ['webhook', describeDelivery(delivery)],
      ['contact', `${member.id} (user ${member.email})`],
      ...snapshotLines(before, after),
    ],
    verdict: ok
      ? 'enriched with member 10001 (John Doe), his region, facility, positions and phone'
      : `not enriched as expected: ${wrong.join('; ') || 'the notification was not processed'}`,
  };
}

/** 2. A reply from an address no member has: nothing is written (Intercom asks for the number). */
async function unknownAddressReplies(context: WalkthroughContext): Promise<StepReport> {
  const { stranger, strangerConversation } = context.seed;
  const before = snapshot(context.store, stranger.id);
  const delivery = await deliver(
    context,
    conversationNotification(stranger.id, {
      conversationId: strangerConversation.id,
      authorType: 'lead',
    }),
  );
  const after = snapshot(context.store, stranger.id);
  const unchanged = JSON.stringify(before) === JSON.stringify(after);
  const ok = outcomeOf(delivery.settlement) === 'member_not_found' && unchanged;
  return {
    title: `A visitor writes in: conversation.user.replied from ${stranger.email}`,
    ok,
    lines: [
      ['webhook', describeDelivery(delivery)],
      ['contact', `${stranger.id} (lead ${stranger.email})`],
      ...snapshotLines(before, after),
    ],
    verdict: ok
      ? 'no member has this address: the contact is left alone'
      : unchanged
        ? 'the notification was not processed as expected'
        : 'the contact was changed although no member has this address',
  };
}

/** The internal note the agent sees on the conversation, as plain text (the last one written). */
function noteText(store: IntercomStore, conversationId: string): string {
  const note = store.notes(conversationId).at(-1);
  if (!note) return '(no note on the conversation)';
  return note.body
    .replace(/\.<br>/g, '. ')
    .replace(/<br>/g, '; ')
    .replace(/<\/p><p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** 3. The sync tag on a conversation carrying a member number (docs/reference.md, "Manual re-sync"). */
async function syncTagAdded(context: WalkthroughContext): Promise<StepReport> {
  const { retiredUser, retiredLead, syncConversation, syncTag } = context.seed;
  const { store } = context;
  const before = snapshot(store, retiredUser.id);
  const delivery = await deliver(
    context,
    tagAddedNotification(syncConversation, syncTag, store.admin.id),
  );
  const after = snapshot(store, retiredUser.id);
  const outcome = outcomeOf(delivery.settlement);
  const mergedInto = store.mergedInto(retiredLead.id);
  const tagRemoved = !store
    .conversation(syncConversation.id)
    ?.tags.some((applied) => applied.id === syncTag.id);
  const wrong = differences(after, {
    attributes: {
      member_number: '10002',
      member_type: 'Retired Member',
      region: 'RNAV',
      facility: 'RNAV',
      positions: '',
    },
    phone: '+17654657032',
  });
  if (mergedInto !== retiredUser.id) wrong.push(`lead ${retiredLead.id} should be merged into it`);
  if (!tagRemoved) wrong.push(`${syncTag.name} should be removed from the conversation`);
  const ok = outcome?.startsWith('synced') === true && wrong.length === 0;
  const memberNumber = String(syncConversation.custom_attributes[MEMBER_NUMBER_ATTRIBUTE]);
  return {
    title: `An agent asks for a re-sync: tag ${syncTag.name} on conversation ${syncConversation.id} (${MEMBER_NUMBER_ATTRIBUTE} = ${memberNumber})`,
    ok,
    lines: [
      ['webhook', describeDelivery(delivery)],
      ['contact', `${retiredUser.id} (user ${retiredUser.email})`],
      ...snapshotLines(before, after),
      [
        'lead',
        `${retiredLead.id} (the conversation's lead) ${mergedInto ? `merged into ${mergedInto}` : 'not merged'}`,
      ],
      ['tag', tagRemoved ? 'removed from the conversation' : 'still on the conversation'],
      ['note', noteText(store, syncConversation.id)],
    ],
    verdict:
      outcome === 'topic_not_handled'
        ? 'this build has no handler for conversation_part.tag.created yet (src/intercom/sync): nothing was synced'
        : ok
          ? `member ${memberNumber} synced (Retired: region and facility RNAV), lead merged, tag removed`
          : `not synced as expected: ${wrong.join('; ') || 'the notification was not processed'}`,
  };
}

/** How long the member sync step waits for the contact: a round or two, on a busy machine. */
const syncWaitMs = (intervalMs: number): number => 5 * intervalMs;

const POLL_MS = 50;

/** Polls until `done()` or `timeoutMs` has passed; the milliseconds it took, or undefined. */
async function timeUntil(done: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return Date.now() - started;
}

function facility(predicate: (row: FacilityRow) => boolean): FacilityRow {
  const row = FACILITIES.find(predicate);
  if (!row) throw new Error('The sandbox seed lacks a facility the walkthrough uses');
  return row;
}

/** 4. A member moves in the member database; the member sync updates the contact (docs/reference.md, "Member data stays current"). */
async function memberMoves(context: WalkthroughContext): Promise<StepReport> {
  const { member } = context.seed;
  const memberNumber = '10001';
  const seeded = MEMBERS.find((row) => row.membernumber === memberNumber);
  const from = facility((row) => row.id === seeded?.facility_id);
  // Oakland Center, in another region (WP): the region follows the facility.
  const to = facility((row) => row.code === 'ZOA');
  const before = snapshot(context.store, member.id);
  const expected = {
    attributes: {
      member_number: memberNumber,
      member_type: 'Current Member',
      region: 'WP',
      facility: to.code,
      positions: 'Facility Representative, Legislative Representative',
    },
    phone: '+17654657031',
  };
  await context.moveMember(memberNumber, to.id);
  const waitMs = syncWaitMs(context.syncIntervalMs);
  const tookMs = await timeUntil(
    () => differences(snapshot(context.store, member.id), expected).length === 0,
    waitMs,
  );
  const after = snapshot(context.store, member.id);
  const wrong = differences(after, expected);
  const every = `the sync runs every ${context.syncIntervalMs / 1000} s`;
  return {
    title: `A member moves: ${memberNumber} (John Doe) from ${from.code} to ${to.code} in the member database`,
    ok: wrong.length === 0,
    lines: [
      [
        'member',
        `facility ${from.code} → ${to.code}, updated_at now (members table, in-memory SQLite)`,
      ],
      ['contact', `${member.id} (user ${member.email})`],
      ...snapshotLines(before, after),
      [
        'sync',
        tookMs === undefined
          ? `contact not updated within ${waitMs / 1000} s (${every})`
          : `contact updated ${(tookMs / 1000).toFixed(1)} s after the change (${every})`,
      ],
    ],
    verdict:
      wrong.length === 0
        ? `the member sync wrote what differs (facility ${to.code}, region WP), no webhook needed`
        : `the contact did not follow the member database: ${wrong.join('; ')}`,
  };
}

/** The walkthrough, in the order it is told. */
export const WALKTHROUGH_STEPS: ReadonlyArray<
  (context: WalkthroughContext) => Promise<StepReport>
> = [knownMemberReplies, unknownAddressReplies, syncTagAdded, memberMoves, memberCardSync];
