import type { ContactChanges, IntercomContact } from '../gateway';

/** One field whose value a write changes; `from` is null when the contact had none. */
export interface AttributeChange {
  field: string;
  from: string | null;
  to: string;
}

/** A stored value as text: Intercom may hold a member number as a number, and unset as null. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The fields a write would change on this contact. Operators see this list
 * (the CLI prints it), and an empty one means the write can be skipped.
 */
export function diffContact(contact: IntercomContact, changes: ContactChanges): AttributeChange[] {
  const diff: AttributeChange[] = [];
  for (const [field, to] of Object.entries(changes.customAttributes)) {
    const from = asText(contact.customAttributes[field]);
    if (from !== to) diff.push({ field, from, to });
  }
  const standard: Array<[string, string | null, string | undefined]> = [
    ['phone', contact.phone, changes.phone],
    ['email', contact.email, changes.email],
    ['role', contact.role, changes.role],
  ];
  for (const [field, from, to] of standard) {
    if (to !== undefined && from !== to) diff.push({ field, from, to });
  }
  return diff;
}
