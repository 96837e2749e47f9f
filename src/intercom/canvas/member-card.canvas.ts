import type { SyncNoteOutcome } from '../sync';
import type { ButtonComponent, Canvas, CanvasComponent, InputComponent } from './canvas-kit';
import type { MemberCardFacts } from './member-card.rows';

/** Component ids Intercom sends back as `component_id`. */
export const SYNC_BUTTON_ID = 'sync';
export const REFRESH_BUTTON_ID = 'refresh';
export const MEMBER_NUMBER_INPUT_ID = 'member_number';

/** What the card keeps between requests (`stored_data`): the member shown, for "Sync member". */
export interface CardState {
  member_number?: string;
}

/**
 * "Jan 8, 2026 at 1:05PM UTC": Intercom's inbox rules ask for absolute dates, never relative
 * ones. UTC, as the service keeps every time.
 */
export function absoluteDate(at: Date): string {
  const date = at.toLocaleDateString('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
  const time = at
    .toLocaleTimeString('en-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' })
    .replace(' ', '');
  return `${date} at ${time} UTC`;
}

/** Secondary, never primary: the inbox's first card carries no primary button. */
const button = (id: string, label: string, style: ButtonComponent['style'] = 'secondary') =>
  ({ type: 'button', id, label, style, action: { type: 'submit' } }) satisfies ButtonComponent;

const syncButton = () => button(SYNC_BUTTON_ID, 'Sync member');

const canvas = (components: CanvasComponent[], state: CardState = {}): Canvas => ({
  content: { components },
  stored_data: { ...state },
});

function contactLine(differing: readonly string[]): CanvasComponent {
  return differing.length === 0
    ? { type: 'text', text: '✓ The contact is up to date.', style: 'muted' }
    : {
        type: 'text',
        text: `The contact differs: **${differing.join(', ').toLowerCase()}**. Sync to update it.`,
      };
}

/** A member matched: the table, whether the contact is current, and "Sync member". */
export function memberCanvas(facts: MemberCardFacts, memberNumber: string): Canvas {
  return canvas(
    [{ type: 'data-table', items: facts.rows }, contactLine(facts.differing), syncButton()],
    { member_number: memberNumber },
  );
}

/** Where no member is shown: the member number field and "Sync member". */
function numberInput(value: string | undefined, failed: boolean): InputComponent {
  return {
    type: 'input',
    id: MEMBER_NUMBER_INPUT_ID,
    label: 'Member number',
    placeholder: 'e.g. 12345',
    ...(value !== undefined && { value }),
    ...(failed && { save_state: 'failed' as const }),
  };
}

/**
 * No Active or Retired member matches: says what was tried, in a muted line (Intercom's rule
 * for empty states), and offers the number field, prefilled from the conversation.
 *
 * @param tried e.g. `the email jane@example.com`, `the member number 12345`
 */
export function notFoundCanvas(tried: string | null, prefill: string | undefined): Canvas {
  const text =
    tried === null
      ? 'This contact has no email or member number to match a member by.'
      : `No Active or Retired member matches ${tried}.`;
  return canvas([
    { type: 'text', text, style: 'muted' },
    numberInput(prefill, false),
    syncButton(),
  ]);
}

/** The number typed was refused before anything was written: the field marked failed, and why. */
export function refusedNumberCanvas(value: string, reason: string): Canvas {
  return canvas([
    { type: 'text', text: reason, style: 'error' },
    numberInput(value, true),
    syncButton(),
  ]);
}

/** MySQL or Supabase did not answer in time: no member data at all, and a way to try again. */
export function unavailableCanvas(): Canvas {
  return canvas([
    {
      type: 'text',
      text: 'Member data are unavailable right now (the member records did not answer). Try again in a minute.',
      style: 'muted',
    },
    button(REFRESH_BUTTON_ID, 'Try again'),
  ]);
}

/** What the sync did, in the card's words (the note says the same at more length). */
function syncedLines(outcome: Extract<SyncNoteOutcome, { kind: 'synced' }>): string[] {
  const lines: string[] = [];
  if (outcome.created) lines.push('Created the member’s user contact.');
  if (outcome.unarchived) lines.push('Restored the member’s archived contact.');
  if (outcome.changes !== null && !outcome.created) {
    const changed = outcome.changes.map((change) => change.field.replace(/_/g, ' '));
    lines.push(
      changed.length === 0 ? 'Nothing needed changing.' : `Changed: ${changed.join(', ')}.`,
    );
  }
  if (outcome.mergedLeads > 0) lines.push(`Leads merged: ${outcome.mergedLeads}.`);
  if (outcome.archivedUsers > 0) lines.push(`Older users archived: ${outcome.archivedUsers}.`);
  if (outcome.refusedLeadIds.length > 0) {
    lines.push(`Intercom refused to merge ${outcome.refusedLeadIds.length} lead(s); see the note.`);
  }
  return lines;
}

/** ✅ done: the updated table, what changed, and a way back (Intercom's success-state rule). */
export function syncedCanvas(
  facts: MemberCardFacts | null,
  outcome: Extract<SyncNoteOutcome, { kind: 'synced' }> | null,
  memberNumber: string,
  at: Date,
): Canvas {
  const components: CanvasComponent[] = [
    { type: 'text', text: `✅ Member synced on ${absoluteDate(at)}.` },
  ];
  if (facts) components.push({ type: 'data-table', items: facts.rows });
  if (outcome) {
    components.push({ type: 'text', text: syncedLines(outcome).join(' '), style: 'muted' });
  }
  components.push(button(REFRESH_BUTTON_ID, 'Back', 'link'));
  return canvas(components, { member_number: memberNumber });
}

/** The sync is on its way through the inbox (Intercom slow or rate-limited); the note will tell. */
export function startedCanvas(memberNumber: string, at: Date): Canvas {
  return canvas(
    [
      { type: 'text', text: `Sync started on ${absoluteDate(at)}.` },
      {
        type: 'text',
        text: 'Intercom is slow to answer right now. The outcome will be written as a note on this conversation.',
        style: 'muted',
      },
      button(REFRESH_BUTTON_ID, 'Refresh'),
    ],
    { member_number: memberNumber },
  );
}

/** The sync ended without a contact written (no email on record, contact not restorable, failed). */
export function notSyncedCanvas(reason: string, memberNumber: string): Canvas {
  return canvas(
    [{ type: 'text', text: reason, style: 'error' }, button(REFRESH_BUTTON_ID, 'Back', 'link')],
    { member_number: memberNumber },
  );
}
