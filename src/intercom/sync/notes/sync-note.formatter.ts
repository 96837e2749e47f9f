import type { AttributeChange } from '../../enrichment';
import { MEMBER_CONTACT_ATTRIBUTES } from '../../enrichment';
import type { SyncNoteOutcome } from './sync-note';

/** The attributes an agent reads on the contact, by the label the note gives them. */
const ATTRIBUTE_LABELS: Record<string, string> = Object.fromEntries(
  MEMBER_CONTACT_ATTRIBUTES.map(({ name, label }) => [name, label.toLowerCase()]),
);

/** Standard fields: the note says they changed, never their values (no phone number in notes). */
const FIELD_LABELS: Record<string, string> = { email: 'email', phone: 'phone', role: 'role' };

/** Text for HTML: Intercom renders note bodies as HTML. */
function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const shown = (value: string | null) => (value === null || value === '' ? '(empty)' : value);

function changeLine(change: AttributeChange): string | null {
  // Unset and empty look the same to an agent: no line for that.
  if (shown(change.from) === shown(change.to)) return null;
  const label = ATTRIBUTE_LABELS[change.field];
  if (label) return `${label} ${escape(shown(change.from))} → ${escape(shown(change.to))}`;
  const field = FIELD_LABELS[change.field];
  return field ? `${field} updated` : null;
}

function contactLine(outcome: Extract<SyncNoteOutcome, { kind: 'synced' }>): string {
  if (outcome.created) return 'Created the member’s user contact with their member data.';
  const restored = outcome.unarchived ? 'Restored the member’s archived user contact. ' : '';
  if (outcome.changes === null) return `${restored}Brought the contact’s member data up to date.`;
  const lines = outcome.changes.map(changeLine).filter((line): line is string => line !== null);
  if (lines.length === 0) return `${restored}The contact was already up to date.`;
  return `${restored}Changed on the contact: ${lines.join('<br>')}`;
}

const paragraph = (...lines: string[]) => `<p>${lines.join('<br>')}</p>`;
const TAG_AGAIN = 'Then add the <b>mynatca-sync</b> tag again.';

/**
 * The internal note an agent sees on the conversation after a re-sync, in plain
 * words with what to do next. HTML limited to what Intercom notes accept (`<p>`,
 * `<b>`, `<br>`); every value is escaped. Carries nothing the conversation does
 * not already show the agent: no phone number, no other member's data.
 *
 * @param tag the sync tag's name as configured (INTERCOM_SYNC_TAG)
 */
export function formatSyncNote(outcome: SyncNoteOutcome, tag = 'mynatca-sync'): string {
  const tagAgain = TAG_AGAIN.replace('mynatca-sync', escape(tag));
  switch (outcome.kind) {
    case 'synced': {
      const done = [
        `<b>Member sync done.</b> Member ${escape(outcome.memberNumber)}, ${escape(outcome.name)} (${escape(outcome.status)}).`,
        contactLine(outcome),
      ];
      if (outcome.requestedBy !== undefined) {
        done.push(`Asked for by ${escape(outcome.requestedBy)} from the member card.`);
      }
      const more: string[] = [];
      if (outcome.mergedLeads > 0) more.push(`Leads merged into the user: ${outcome.mergedLeads}.`);
      if (outcome.archivedUsers > 0) {
        more.push(`Older duplicate users archived: ${outcome.archivedUsers}.`);
      }
      if (outcome.refusedLeadIds.length > 0) {
        more.push(
          `Intercom refused to merge ${outcome.refusedLeadIds.length === 1 ? 'one lead' : `${outcome.refusedLeadIds.length} leads`} ` +
            `(${outcome.refusedLeadIds.map(escape).join(', ')}); merge or delete ${outcome.refusedLeadIds.length === 1 ? 'it' : 'them'} by hand if they are this member.`,
        );
      }
      return paragraph(...done) + (more.length > 0 ? paragraph(...more) : '');
    }
    case 'no_member_number':
      return paragraph(
        '<b>Member sync not done:</b> this conversation has no member number.',
        `Fill the conversation attribute <b>${escape(outcome.attribute)}</b> with the member’s number. ${tagAgain}`,
      );
    case 'invalid_member_number':
      return paragraph(
        '<b>Member sync not done:</b> the member number on this conversation cannot be read.',
        `Type the number again in <b>${escape(outcome.attribute)}</b> (digits only). ${tagAgain}`,
      );
    case 'member_not_found':
      return paragraph(
        `<b>Member sync not done:</b> no Active or Retired member has the number <b>${escape(outcome.memberNumber)}</b>.`,
        `Check the number with the member, correct it on the conversation. ${tagAgain}`,
      );
    case 'member_without_email':
      return paragraph(
        `<b>Member sync not done:</b> member ${escape(outcome.memberNumber)} has no email address on record, so their contact cannot be found or created.`,
        'Ask the member to update their email in the member records, then tag again.',
      );
    case 'contact_not_restorable':
      return paragraph(
        `<b>Member sync failed:</b> the member’s contact${outcome.memberNumber ? ` (member ${escape(outcome.memberNumber)})` : ''} was archived and Intercom could not restore it (it may have been deleted for good).`,
        'Operators have been told (it is listed among the failed notifications). Restore or delete that contact in Intercom, then tag again.',
      );
    case 'failed':
      return paragraph(
        '<b>Member sync failed</b> after several tries (Intercom or the member database did not answer).',
        'Operators have been told (it is listed among the failed notifications). You can tag the conversation again later.',
      );
  }
}
