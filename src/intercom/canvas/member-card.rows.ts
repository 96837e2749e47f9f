import type { Member } from '../../members';
import {
  diffContact,
  MEMBER_CONTACT_ATTRIBUTES,
  memberContactChanges,
  type MemberContactAttribute,
} from '../enrichment';
import type { IntercomContact } from '../gateway';
import { fullName } from '../sync';
import type { DataTableItem } from './canvas-kit';

const LABEL = Object.fromEntries(MEMBER_CONTACT_ATTRIBUTES.map((a) => [a.name, a.label])) as Record<
  MemberContactAttribute,
  string
>;

/** Labels of the standard fields a sync writes; their values are never shown (no phone on the card). */
const FIELD_LABELS: Record<string, string> = { phone: 'Phone' };

/** What the card shows of a member: its rows, and how the viewed contact differs. */
export interface MemberCardFacts {
  rows: DataTableItem[];
  /** Labels of the contact's attributes that differ from the member's; empty when up to date. */
  differing: string[];
}

const row = (field: string, value: string): DataTableItem => ({
  type: 'field-value',
  field,
  value: value === '' ? '—' : value,
});

/**
 * The member card's table (docs/reference.md, "Member card"): member number, name, member type,
 * region and facility as the contact carries them (memberContactChanges, the one mapping the
 * enrichment and the re-sync write), and every current position, not capped like the
 * attribute. `differing` names the attributes (and the phone) the viewed contact holds
 * otherwise, compared as a write would (diffContact).
 *
 * @param contact the viewed contact as the canvas request gives it: custom attributes and phone
 */
export function memberCardFacts(
  member: Member,
  titles: readonly string[],
  contact: Pick<IntercomContact, 'customAttributes' | 'phone'>,
): MemberCardFacts {
  const changes = memberContactChanges(member, titles);
  const values = changes.customAttributes as Record<MemberContactAttribute, string>;
  const rows = [
    row(LABEL.member_number, values.member_number),
    row('Name', fullName(member) ?? ''),
    row(LABEL.member_type, values.member_type),
    row(LABEL.region, values.region),
    row(LABEL.facility, values.facility),
    row(LABEL.positions, titles.join(', ')),
  ];
  const known: IntercomContact = {
    id: '',
    role: 'user',
    email: null,
    createdAt: 0,
    ...contact,
  };
  const differing = diffContact(known, changes)
    // Unset and empty look the same to an agent.
    .filter((change) => (change.from ?? '') !== change.to)
    .map(({ field }) => LABEL[field as MemberContactAttribute] ?? FIELD_LABELS[field])
    .filter((label): label is string => label !== undefined);
  return { rows, differing };
}
