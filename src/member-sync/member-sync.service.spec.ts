import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { memberSyncConfig } from '../common/config/member-sync.config';
import type {
  ContactChanges,
  ContactPage,
  ContactSearchQuery,
  IntercomContact,
} from '../intercom/gateway/intercom-contact';
import type { IntercomGateway } from '../intercom/gateway/intercom.gateway';
import type { Member } from '../members/member';
import type { MemberRepository } from '../members/member.repository';
import type { PositionsService } from '../positions/positions.service';
import { RETRY_HASH } from './change-detection';
import { FULL_RUN_UNFINISHED } from './full-reconciliation';
import { MemberSyncStoppedError } from './member-sync.errors';
import type { LockedResult, MemberSyncRepository, MemberSyncState } from './member-sync.repository';
import { MemberSyncService, type MemberSyncProgress } from './member-sync.service';

/**
 * The full reconciliation's concurrency and its guarantees, on in-memory fakes:
 * Intercom pages of 150 (cursor = index of the next contact), writes that take
 * a few milliseconds (or never answer), and the sync's own state.
 */

const PAGE = 150;
const memberNumber = (i: number) => String(10_000 + i);

function member(i: number): Member {
  return {
    memberNumber: memberNumber(i),
    firstName: 'M',
    lastName: String(i),
    email: `m${i}@example.com`,
    phone: null,
    status: 'Active',
    memberTypeId: 6,
    region: 'GL',
    facility: 'ZAU',
  };
}

/** What member(i) should carry; `stale` contacts show another facility. */
const right = (i: number) => ({
  member_number: memberNumber(i),
  member_type: 'Current Member',
  region: 'GL',
  facility: 'ZAU',
  positions: '',
});

class FakeIntercom {
  readonly contacts: IntercomContact[];
  /** Contact id → writes Intercom accepted (answered). */
  readonly accepted = new Map<string, number>();
  started = 0;
  inFlight = 0;
  mostInFlight = 0;
  latencyMs = 2;
  /** Calls from this one on are never answered (a crash: they never reach Intercom). */
  hangFrom = Number.POSITIVE_INFINITY;
  failAll = false;
  searches = 0;
  onStart?: (started: number) => void;

  constructor(count: number) {
    this.contacts = Array.from({ length: count }, (_, i) => ({
      id: `c${i}`,
      role: 'user',
      email: `m${i}@example.com`,
      phone: null,
      customAttributes: { ...right(i), facility: 'BOS' },
      createdAt: 0,
    }));
  }

  /** Every contact, or those `id IN [...]` (the full run reads its contacts to write again). */
  searchContacts(
    query: ContactSearchQuery,
    page: { perPage?: number; cursor?: string | null } = {},
  ): Promise<ContactPage> {
    this.searches += 1;
    const ids = 'field' in query && query.field === 'id' ? new Set(query.value as string[]) : null;
    const matches = ids ? this.contacts.filter((c) => ids.has(c.id)) : this.contacts;
    const start = page.cursor ? Number(page.cursor) : 0;
    const end = start + (page.perPage ?? 50);
    return Promise.resolve({
      contacts: matches.slice(start, end).map((c) => ({
        ...c,
        customAttributes: { ...c.customAttributes },
      })),
      totalCount: matches.length,
      nextCursor: end < matches.length ? String(end) : null,
    });
  }

  async updateContact(id: string, changes: ContactChanges): Promise<IntercomContact> {
    this.started += 1;
    this.onStart?.(this.started);
    if (this.started >= this.hangFrom) return new Promise<IntercomContact>(() => undefined);
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (this.failAll) throw new Error('Intercom is down');
      const contact = this.contacts.find((c) => c.id === id);
      if (!contact) throw new Error(`no contact ${id}`);
      contact.customAttributes = { ...contact.customAttributes, ...changes.customAttributes };
      this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
      return contact;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Contacts that carry what their member should. */
  rightCount(): number {
    return this.contacts.filter(
      (c, i) => JSON.stringify(c.customAttributes) === JSON.stringify(right(i)),
    ).length;
  }
}

class FakeStore implements MemberSyncRepository {
  state: MemberSyncState = {
    watermark: null,
    incrementalSuccessMs: null,
    fullCursor: null,
    fullStartedMs: null,
    fullSuccessMs: null,
  };
  readonly written = new Map<string, string>();
  readonly cursorsSaved: Array<string | null> = [];

  readState() {
    return Promise.resolve({ ...this.state });
  }
  saveWatermark() {
    return Promise.resolve();
  }
  markIncrementalSuccess() {
    return Promise.resolve();
  }
  saveFullProgress(progress: { cursor: string | null; startedMs?: number }) {
    this.state.fullCursor = progress.cursor;
    if (progress.startedMs !== undefined) this.state.fullStartedMs = progress.startedMs;
    this.cursorsSaved.push(progress.cursor);
    return Promise.resolve();
  }
  markFullSuccess(atMs: number) {
    this.state.fullCursor = null;
    this.state.fullSuccessMs = atMs;
    return Promise.resolve();
  }
  recordWritten(memberNumber: string, hash: string) {
    this.written.set(memberNumber, hash);
    return Promise.resolve();
  }
  recordFirstWritten(memberNumber: string, hash: string) {
    if (!this.written.has(memberNumber)) this.written.set(memberNumber, hash);
    return Promise.resolve();
  }
  forget(memberNumbers: readonly string[]) {
    for (const number of memberNumbers) this.written.delete(number);
    return Promise.resolve();
  }
  writtenAfter() {
    return Promise.resolve([]);
  }
  async exclusively<T>(work: () => Promise<T>): Promise<LockedResult<T>> {
    return { acquired: true, result: await work() };
  }
}

function serviceOver(
  intercom: FakeIntercom,
  store: FakeStore,
  concurrency: number,
  count: number,
): MemberSyncService {
  const byNumber = new Map(Array.from({ length: count }, (_, i) => [memberNumber(i), member(i)]));
  const members = {
    findByNumbers: (numbers: readonly string[]) =>
      Promise.resolve(numbers.flatMap((n) => (byNumber.has(n) ? [byNumber.get(n)!] : []))),
  } as unknown as MemberRepository;
  const positions = {
    currentTitlesOf: () => Promise.resolve(new Map<string, string[]>()),
  } as unknown as PositionsService;
  return new MemberSyncService(
    members,
    positions,
    intercom as unknown as IntercomGateway,
    store,
    new EventEmitter2(),
    { concurrency } as ConfigType<typeof memberSyncConfig>,
  );
}

/** Member numbers recorded as written (not to be retried). */
const recorded = (store: FakeStore) =>
  [...store.written].filter(([, hash]) => hash !== RETRY_HASH).map(([n]) => n);

/** Members whose contact Intercom accepted a write for (one contact each here). */
const acceptedMembers = (intercom: FakeIntercom) =>
  [...intercom.accepted.keys()].map((id) => memberNumber(Number(id.slice(1))));

describe('MemberSyncService full reconciliation, in parallel', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes up to MEMBER_SYNC_CONCURRENCY contacts at once, never more, each once', async () => {
    const count = 3 * PAGE + 20;
    const intercom = new FakeIntercom(count);
    const store = new FakeStore();
    const progress: MemberSyncProgress[] = [];
    const report = await serviceOver(intercom, store, 6, count).runFull({
      onProgress: (p) => progress.push(p),
    });

    expect(report).toMatchObject({
      end: 'completed',
      membersExamined: count,
      contactsCompared: count,
      contactsWritten: count,
      failed: 0,
    });
    expect(report.changes.get('facility "BOS" → "ZAU"')).toBe(count);
    expect(intercom.mostInFlight).toBe(6);
    expect([...intercom.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(intercom.accepted.size).toBe(count);
    expect(intercom.rightCount()).toBe(count);
    expect(recorded(store).sort()).toEqual(
      Array.from({ length: count }, (_, i) => memberNumber(i)).sort(),
    );
    // Marked unfinished at its start, then done; no search cursor is ever saved.
    expect(store.cursorsSaved).toEqual([FULL_RUN_UNFINISHED]);
    // The walk (4 pages of 150), then the contacts to write read again by id, 150 a search.
    expect(intercom.searches).toBe(4 + 4);
    expect(store.state).toMatchObject({ fullCursor: null, fullSuccessMs: expect.any(Number) });
    // Progress counts each contact once and ends at the total.
    expect(progress.at(-1)).toEqual({ done: count, total: count, written: count, failed: 0 });
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1].done)).toBe(true);
  });

  it('with MEMBER_SYNC_CONCURRENCY=1 writes one contact at a time', async () => {
    const intercom = new FakeIntercom(40);
    await serviceOver(intercom, new FakeStore(), 1, 40).runFull();
    expect(intercom.mostInFlight).toBe(1);
    expect(intercom.accepted.size).toBe(40);
  });

  it('a stop mid-write finishes the members in hand, leaves the run unfinished, and the next run writes the rest once', async () => {
    const count = 3 * PAGE;
    const intercom = new FakeIntercom(count);
    const store = new FakeStore();
    const stop = new AbortController();
    // In the second page, with 8 writes in flight.
    intercom.onStart = (started) => {
      if (started === PAGE + 40) stop.abort();
    };
    const first = await serviceOver(intercom, store, 8, count).runFull({ signal: stop.signal });

    expect(first.end).toBe('interrupted');
    // Every write started was answered before the run ended: none abandoned.
    expect(intercom.inFlight).toBe(0);
    expect(intercom.started).toBeLessThan(count);
    expect(first.contactsWritten).toBe(intercom.accepted.size);
    // Recorded exactly the members whose write Intercom accepted.
    expect(recorded(store).sort()).toEqual(acceptedMembers(intercom).sort());
    // Not done: the next round runs it again (walking from the first page).
    expect(store.state).toMatchObject({ fullCursor: FULL_RUN_UNFINISHED, fullSuccessMs: null });

    intercom.onStart = undefined;
    const second = await serviceOver(intercom, store, 8, count).runFull();
    expect(second).toMatchObject({ end: 'completed', failed: 0 });
    expect(second.contactsWritten).toBe(count - first.contactsWritten);
    expect(intercom.accepted.size).toBe(count);
    expect([...intercom.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(intercom.rightCount()).toBe(count);
    expect(store.state).toMatchObject({ fullCursor: null, fullSuccessMs: expect.any(Number) });
  });

  it('a crash mid-page (writes never answered) records only what was written; the restart writes the rest once', async () => {
    const count = 3 * PAGE;
    const intercom = new FakeIntercom(count);
    const store = new FakeStore();
    intercom.hangFrom = PAGE + 30;
    // The crashed run never ends: it is left behind, as a killed process is.
    void serviceOver(intercom, store, 8, count).runFull();
    await waitUntil(() => intercom.started >= PAGE + 37 && intercom.inFlight === 0);
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(recorded(store).sort()).toEqual(acceptedMembers(intercom).sort());
    expect(intercom.accepted.size).toBeLessThan(PAGE + 30);
    // The run stays unfinished: the restart walks again and writes only what still differs.
    expect(store.state.fullCursor).toBe(FULL_RUN_UNFINISHED);

    // The restarted process: Intercom answers again.
    intercom.hangFrom = Number.POSITIVE_INFINITY;
    const second = await serviceOver(intercom, store, 8, count).runFull();
    expect(second).toMatchObject({ end: 'completed', failed: 0 });
    expect(intercom.accepted.size).toBe(count);
    expect([...intercom.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(intercom.rightCount()).toBe(count);
  });

  it('stops, leaving the run unfinished, when every member of a group fails', async () => {
    const count = 2 * PAGE;
    const intercom = new FakeIntercom(count);
    intercom.failAll = true;
    const store = new FakeStore();
    await expect(serviceOver(intercom, store, 8, count).runFull()).rejects.toBeInstanceOf(
      MemberSyncStoppedError,
    );
    expect(store.state).toMatchObject({ fullCursor: FULL_RUN_UNFINISHED, fullSuccessMs: null });
    expect(intercom.inFlight).toBe(0);
    expect(recorded(store)).toEqual([]);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
