import type { SyncNoteKind } from './sync-note';

/**
 * The port to what records which note each sync notification got, so that a
 * retry, a replay or a restart never writes the same note twice. Keyed by
 * Intercom's notification id; holds no personal data.
 */
export abstract class SyncNoteRepository {
  /** The outcome whose note was written for this notification, if any. */
  abstract writtenFor(notificationId: string): Promise<SyncNoteKind | null>;
  /** Records that the note for `kind` was written (replacing an earlier outcome's). */
  abstract record(notificationId: string, kind: SyncNoteKind): Promise<void>;
}
