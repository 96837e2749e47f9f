import { Logger } from '@nestjs/common';
import { ContactSearchWalk } from '../intercom/gateway';
import type { IntercomGateway } from '../intercom/gateway';
import type { MemberRepository } from '../members';
import type { FullReconciliationWalk } from './full-reconciliation.walk';
import type { MemberBatchWriter } from './member-batch.writer';
import { contactIdsQuery, groupByMember, SEARCH_PAGE_SIZE } from './member-contacts.finder';
import { settled, type MemberBatch, type Run } from './member-sync-run';
import type { MemberSyncRepository } from './member-sync.repository';

/**
 * Kept in the sync state's cursor column while a full run has not finished (a stop, a
 * crash, an incomplete walk): the scheduler runs it again at its next round. A run is never
 * resumed from a search cursor: its own writes may have moved contacts behind it.
 */
export const FULL_RUN_UNFINISHED = 'unfinished';

/** Which walk of a run the metrics name (natca_intercom_search_walks_total{walk}). */
export type SearchWalkName = 'full_reconciliation' | 'full_reconciliation_reread';

/**
 * The full reconciliation (docs/reference.md, "Member data stays current" and "Walks over
 * Intercom's search"), in two halves:
 *  1. the walk (FullReconciliationWalk): every contact carrying a member number compared,
 *     nothing written; the ids of those that differ kept, each once;
 *  2. the writes: those contacts read again by id (`id IN`, 150 a search: one page), so
 *     that a contact written meanwhile by another path is compared as it is now, then
 *     written where they still differ, MEMBER_SYNC_CONCURRENCY members at once; the next
 *     group is read while this one's writes go out.
 * Extra cost over one walk: a search per 150 contacts to write. A stop or crash loses the
 * ids: the next run walks again (reads only), and every contact already written compares
 * equal and costs no write. A walk that could not see every contact still writes what it
 * found, then ends the run `incomplete` (not a success; the scheduler runs it again).
 */
export class FullReconciliation {
  private readonly logger = new Logger('MemberSyncService');

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly members: MemberRepository,
    private readonly store: MemberSyncRepository,
    private readonly walker: FullReconciliationWalk,
    private readonly writer: MemberBatchWriter,
    private readonly walked: (walk: SearchWalkName, search: ContactSearchWalk) => void,
  ) {}

  async run(run: Run): Promise<void> {
    const { dryRun, options, report } = run;
    run.progressByContacts = true;
    if (!dryRun) {
      const state = await this.store.readState();
      // A run left unfinished goes on with the day it started (MEMBER_SYNC_FULL_AT).
      if (state.fullCursor === null) {
        await this.store.saveFullProgress({ cursor: FULL_RUN_UNFINISHED, startedMs: Date.now() });
      }
    }
    const found = await this.walker.collect(run);
    if (!options.signal?.aborted) this.walked('full_reconciliation', found.walk);
    const incomplete = [found.incomplete];
    if (options.signal?.aborted) return;

    const groups = groupsOf(found.stale);
    found.stale.clear();
    const complete = await this.writeGroups(groups, run, incomplete);
    const reason = incomplete.find((why) => why !== null);
    if (reason) {
      report.end = 'incomplete';
      report.incomplete = reason;
      return;
    }
    if (complete && !dryRun && !options.signal?.aborted) {
      await this.store.markFullSuccess(Date.now());
    }
  }

  /**
   * Reads each group of contacts again and writes those that still differ. False when a
   * stop cut it short. Reasons why a read could not see every contact go to `incomplete`.
   *
   * @throws the first error that stopped the writes (a read failed, or every member of a
   * group failed: MemberSyncStoppedError), once the members in flight have finished.
   */
  private async writeGroups(
    groups: readonly string[][],
    run: Run,
    incomplete: Array<string | null>,
  ): Promise<boolean> {
    /** Why no further member may start: a group could not be read, or all its members failed. */
    let halt: { error: unknown } | undefined;
    const halted = () => halt !== undefined;
    let complete = true;
    let verdicts: Promise<void> = Promise.resolve();
    let reading = groups.length > 0 ? settled(this.read(groups[0], incomplete)) : undefined;
    for (let i = 0; reading !== undefined; i++) {
      if (run.options.signal?.aborted || halted()) {
        complete = false;
        break;
      }
      let batch: MemberBatch;
      try {
        batch = await reading;
      } catch (error) {
        halt ??= { error };
        break;
      }
      // Read ahead: the next group's search goes out while this group's writes do.
      reading = i + 1 < groups.length ? settled(this.read(groups[i + 1], incomplete)) : undefined;
      const { done } = await this.writer.startBatch(batch, run, halted);
      verdicts = verdicts.then(async () => {
        const outcome = await done;
        if (halted()) return;
        try {
          if (!this.writer.verdict(outcome)) complete = false;
        } catch (error) {
          halt ??= { error };
        }
      });
    }
    // Members in flight finish (or fail, counted) before the run ends or reports its error.
    await verdicts;
    await reading?.catch(() => undefined);
    if (halt) throw halt.error;
    return complete;
  }

  /** One group's contacts as they are now, by the member number each carries now. */
  private async read(ids: string[], incomplete: Array<string | null>): Promise<MemberBatch> {
    const walk = new ContactSearchWalk(this.intercom, contactIdsQuery(ids), {
      perPage: SEARCH_PAGE_SIZE,
    });
    const contacts = await walk.rest();
    this.walked('full_reconciliation_reread', walk);
    if (walk.incomplete !== null) {
      this.logger.warn({ msg: 'Member sync could not read again some contacts to write' });
      incomplete.push(walk.incomplete);
    }
    const byMember = groupByMember(contacts, new Map());
    const found = await this.members.findByNumbers([...byMember.keys()]);
    return {
      members: found,
      contacts: byMember,
      titles: await this.writer.titlesOf(found),
      adopt: false,
    };
  }
}

/**
 * The contacts to write in groups of about one search page (SEARCH_PAGE_SIZE ids), a
 * member's contacts in one group (its writes go one after another).
 */
export function groupsOf(stale: ReadonlyMap<string, readonly string[]>): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  for (const ids of stale.values()) {
    if (group.length > 0 && group.length + ids.length > SEARCH_PAGE_SIZE) {
      groups.push(group);
      group = [];
    }
    group.push(...ids);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
