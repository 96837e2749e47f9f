import { createHash } from 'node:crypto';
import type { ContactChanges } from '../intercom/gateway';
import type { MemberChangeKey } from '../members';
import type { WrittenRecord } from './member-sync.repository';

/**
 * How far before the watermark each incremental run starts reading again: a row
 * committed late by a long transaction, or stamped by a clock a little behind,
 * can carry an `updated_at` older than rows already read. Rows read twice cost a
 * comparison (and a search), never a write: the contact is already right.
 */
export const WATERMARK_OVERLAP_MS = 2 * 60_000;

/**
 * Stored for a member whose write failed: no attributes hash to it, so the next
 * incremental run finds the member due again and retries.
 */
export const RETRY_HASH = '0'.repeat(64);

/**
 * SHA-256 (hex) of what a write puts on a member's contacts: the custom attributes
 * (in name order) and the phone when one is written. Equal hashes, equal contacts.
 */
export function attributesHash(changes: ContactChanges): string {
  const attributes = Object.entries(changes.customAttributes).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return createHash('sha256')
    .update(JSON.stringify([attributes, changes.phone ?? null]))
    .digest('hex');
}

/** Where an incremental walk starts: the overlap before the watermark, every member at that time. */
export function walkStart(
  watermark: MemberChangeKey,
  overlapMs = WATERMARK_OVERLAP_MS,
): MemberChangeKey {
  return { updatedAt: new Date(watermark.updatedAt.getTime() - overlapMs), memberNumber: '' };
}

/** The later of two keys: the overlap re-reads older rows, and the watermark must never go back. */
export function laterKey(a: MemberChangeKey, b: MemberChangeKey): MemberChangeKey {
  const byTime = a.updatedAt.getTime() - b.updatedAt.getTime();
  if (byTime !== 0) return byTime > 0 ? a : b;
  return a.memberNumber >= b.memberNumber ? a : b;
}

/**
 * The recorded members whose attributes, computed now, differ from those last
 * written (`current`: number → hash of today's attributes; a number missing
 * from it has no member row any more, and is due too).
 */
export function staleMembers(
  records: readonly WrittenRecord[],
  current: ReadonlyMap<string, string>,
): string[] {
  return records
    .filter((record) => current.get(record.memberNumber) !== record.attributesHash)
    .map((record) => record.memberNumber);
}

const DAY_MS = 86_400_000;

/** The latest moment at or before `nowMs` when the daily full run was due (`HH:MM` UTC). */
export function latestFullSlot(nowMs: number, fullAtMinutes: number): number {
  const midnight = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const today = midnight + fullAtMinutes * 60_000;
  return today <= nowMs ? today : today - DAY_MS;
}

/**
 * Whether the scheduler should run the full reconciliation now: one was left
 * unfinished (its cursor is saved), or none has started since the latest
 * `MEMBER_SYNC_FULL_AT`. `fullStartedMs` null means the sync never saw a day
 * start yet: the first full run waits for the next `MEMBER_SYNC_FULL_AT`.
 */
export function fullRunDue(
  nowMs: number,
  fullAtMinutes: number,
  state: { fullCursor: string | null; fullStartedMs: number | null },
): boolean {
  if (state.fullCursor !== null) return true;
  if (state.fullStartedMs === null) return false;
  return state.fullStartedMs < latestFullSlot(nowMs, fullAtMinutes);
}
