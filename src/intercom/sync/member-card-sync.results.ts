import { Injectable } from '@nestjs/common';
import type { SyncNoteOutcome } from './notes/sync-note';

/** Results kept at most; the oldest go first (a card waits seconds, not hours). */
const MAX_RESULTS = 1000;

/**
 * What each member card sync ended with, by inbox notification id, for the card that waits
 * on it in this process (the row's outcome column holds only a word). A sync finished by
 * another instance is not here: the card then shows the row's outcome alone.
 */
@Injectable()
export class MemberCardSyncResults {
  private readonly results = new Map<string, SyncNoteOutcome>();

  set(notificationId: string, outcome: SyncNoteOutcome): void {
    this.results.delete(notificationId);
    this.results.set(notificationId, outcome);
    if (this.results.size > MAX_RESULTS) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
  }

  get(notificationId: string): SyncNoteOutcome | undefined {
    return this.results.get(notificationId);
  }
}
