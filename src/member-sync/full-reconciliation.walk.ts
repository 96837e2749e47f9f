import { diffContact, memberContactChanges } from '../intercom/enrichment';
import { ContactSearchWalk } from '../intercom/gateway';
import type { IntercomContact, IntercomGateway } from '../intercom/gateway';
import type { MemberRepository } from '../members';
import { attributesHash } from './change-detection';
import type { MemberBatchWriter } from './member-batch.writer';
import { ENRICHED_CONTACTS_QUERY, groupByMember, SEARCH_PAGE_SIZE } from './member-contacts.finder';
import { reportProgress, settled, type Run } from './member-sync-run';
import type { MemberSyncRepository } from './member-sync.repository';

/** What the full run's walk found: the contacts to write, by member number (ids only). */
export interface FullWalkResult {
  stale: Map<string, string[]>;
  /** Why the walk could not see every contact; null when it did. */
  incomplete: string | null;
  walk: ContactSearchWalk;
}

/**
 * The first half of the full reconciliation (docs/reference.md, "Walks over Intercom's
 * search"): every contact carrying a member number, page by page, compared with the member
 * database, writing nothing to Intercom. Intercom's search order is undocumented and may
 * follow `updated_at`, so writes made during the walk could move contacts behind its
 * cursor; the walk therefore only keeps the ids of the contacts that differ (a few MB for
 * 100k contacts), and the writes come after it. The next page is searched while this one's
 * members are read (read ahead). Members whose contacts on a page are all right are
 * recorded as written (their hash), as a write would record them.
 */
export class FullReconciliationWalk {
  constructor(
    private readonly intercom: IntercomGateway,
    private readonly members: MemberRepository,
    private readonly store: MemberSyncRepository,
    private readonly writer: MemberBatchWriter,
  ) {}

  /** Walks until the last page, a give-up, or the run's stop; errors are thrown as they are. */
  async collect(run: Run): Promise<FullWalkResult> {
    const walk = new ContactSearchWalk(this.intercom, ENRICHED_CONTACTS_QUERY, {
      perPage: SEARCH_PAGE_SIZE,
    });
    const stale = new Map<string, string[]>();
    let reading = settled(walk.next());
    for (;;) {
      const contacts = await reading;
      if (contacts === null) break;
      run.progressTotal = Math.max(run.progressTotal, walk.totalCount);
      if (run.options.signal?.aborted) break;
      reading = settled(walk.next());
      await this.compare(contacts, run, stale);
    }
    await reading.catch(() => undefined);
    return { stale, incomplete: walk.incomplete, walk };
  }

  /** One page: right contacts counted (and their members recorded), others kept as ids. */
  private async compare(
    contacts: readonly IntercomContact[],
    run: Run,
    stale: Map<string, string[]>,
  ): Promise<void> {
    const { report } = run;
    const byMember = groupByMember(contacts, new Map());
    if (byMember.size === 0) return;
    const found = await this.members.findByNumbers([...byMember.keys()]);
    const titles = await this.writer.titlesOf(found);
    const records: Array<Promise<void>> = [];
    for (const member of found) {
      const own = byMember.get(member.memberNumber) ?? [];
      const changes = memberContactChanges(member, titles.get(member.memberNumber) ?? []);
      const differing = own.filter((contact) => diffContact(contact, changes).length > 0);
      // Differing contacts are compared (and counted) again when they are written.
      report.contactsCompared += own.length - differing.length;
      if (differing.length === 0) {
        report.membersExamined += 1;
        if (!run.dryRun) {
          records.push(this.store.recordWritten(member.memberNumber, attributesHash(changes)));
        }
        continue;
      }
      const ids = stale.get(member.memberNumber) ?? [];
      ids.push(...differing.map((contact) => contact.id));
      stale.set(member.memberNumber, ids);
    }
    await Promise.all(records);
    reportProgress(run);
  }
}
