/**
 * docs/reference.md, "Member data stays current": one instance runs the sync at a
 * time, whatever the number of instances. Two service processes on one MariaDB
 * database, one PostgREST double and one Intercom double, with the member sync every 1 s and 1.3 s.
 * Intercom answers slowly, so a run that writes lasts longer than an interval
 * and the other instance's timer fires meanwhile.
 */
import type { RecordedRequest } from '../support/intercom-double/intercom-double';
import {
  enrichedAttributes,
  explained,
  incrementalSuccessMs,
  insertActiveMembers,
  logMessages,
  overlappingRuns,
  startMemberSyncStack,
  syncRunLines,
  syncRunSpans,
  type MemberSyncStack,
} from '../support/member-sync-stack';
import { seedGeography } from '../support/member-fixtures';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

const INTERVAL_MS = 1_000;
/**
 * The second instance's: timers of one period started together would keep one
 * instance first every round; these drift against each other, so both get turns.
 */
const OTHER_INTERVAL_MS = 1_300;
/** Per Intercom call: 20 writes, one at a time, take 2 s or more, twice the interval. */
const INTERCOM_LATENCY_MS = 100;
/**
 * One member at a time (MEMBER_SYNC_CONCURRENCY): written in parallel, a run would end
 * within an interval, and the other instance's timer would never find it running.
 */
const ONE_AT_A_TIME = { MEMBER_SYNC_CONCURRENCY: '1' };
/** Generous: two processes start on a busy 2-core machine. */
const SETTLE_MS = 60_000;

describe('member sync with two instances on one database', () => {
  let stack: MemberSyncStack;
  const services: ServiceProcess[] = [];
  /** Member number → its contact's id. */
  const contactOf = new Map<string, string>();
  let numbers: string[];

  const isPut = (r: RecordedRequest) => r.method === 'PUT' && r.path.startsWith('/contacts/');
  const putBodies = (memberNumber: string) =>
    stack.intercom.requests
      .filter((r) => isPut(r) && r.path === `/contacts/${contactOf.get(memberNumber)}`)
      .map((r) => (r.body as { custom_attributes: Record<string, string> }).custom_attributes);
  const attributesOf = (memberNumber: string) =>
    stack.intercom.store.getContact(contactOf.get(memberNumber) ?? '')?.custom_attributes;
  const allShow = (members: readonly string[], expected: Record<string, string>) =>
    members.every((n) => {
      const attributes = attributesOf(n);
      return Object.entries(expected).every(([name, value]) => attributes?.[name] === value);
    });
  /** Waits until incremental runs (of either instance) have completed `count` more times. */
  const moreRuns = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const before = await incrementalSuccessMs(stack.mysql);
      await waitFor(
        async () => {
          const now = await incrementalSuccessMs(stack.mysql);
          return now !== null && now !== before;
        },
        'an incremental member sync run to complete',
        SETTLE_MS,
      );
    }
  };

  beforeAll(async () => {
    stack = await startMemberSyncStack();
    await seedGeography(stack.mysql);
    await stack.mysql.query(
      `INSERT INTO facilities (id, code, name, region_id) VALUES (4, 'ORD', 'O''Hare Tower', 1)`,
    );
    numbers = await insertActiveMembers(stack.mysql, 8000, 30);
    for (const number of numbers) {
      const contact = stack.intercom.store.addContact({
        role: 'user',
        email: `m${number}@example.com`,
        custom_attributes: enrichedAttributes(number),
      });
      contactOf.set(number, contact.id);
    }
    services.push(
      ...(await Promise.all([
        startServiceProcess(stack.env(INTERVAL_MS, ONE_AT_A_TIME), 90_000),
        startServiceProcess(stack.env(OTHER_INTERVAL_MS, ONE_AT_A_TIME), 90_000),
      ])),
    );
    // The first run sets the watermark: changes from here on are the incremental runs'.
    await explained(
      waitFor(
        async () => (await incrementalSuccessMs(stack.mysql)) !== null,
        'the first incremental run',
        SETTLE_MS,
      ),
      services,
    );
    stack.intercom.faults.setLatency(INTERCOM_LATENCY_MS);
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop('SIGKILL')));
    await stack?.close();
  });

  it('writes each change to each contact exactly once, one run at a time', async () => {
    const [a, b] = services;
    const first = numbers.slice(0, 20); // 8000–8019: to ORD
    const second = numbers.slice(10, 30); // 8010–8029: then to BOS (New England)
    const leaver = numbers[25];

    await stack.mysql.query(
      `UPDATE members SET facility_id = 4, updated_at = UTC_TIMESTAMP()
       WHERE membernumber IN (${first.map(() => '?').join(', ')})`,
      first,
    );
    await explained(
      waitFor(() => allShow(first, { facility: 'ORD' }), 'wave 1 (ORD)', SETTLE_MS),
      services,
    );
    await stack.mysql.query(
      `UPDATE members SET facility_id = 2, updated_at = UTC_TIMESTAMP()
       WHERE membernumber IN (${second.map(() => '?').join(', ')})`,
      second,
    );
    await explained(
      waitFor(() => allShow(second, { facility: 'BOS', region: 'NEA' }), 'wave 2', SETTLE_MS),
      services,
    );
    // Only the status; updated_at is left as it was.
    await stack.mysql.query(`UPDATE members SET status = 'Inactive' WHERE membernumber = ?`, [
      leaver,
    ]);
    await explained(
      waitFor(() => allShow([leaver], { member_type: 'Inactive' }), 'wave 3', SETTLE_MS),
      services,
    );
    // Both instances do the sync's work, taking turns (each has completed runs of its own).
    const completedBy = (service: ServiceProcess) =>
      syncRunLines(service.output()).filter((line) => line.phase === 'completed').length;
    await waitFor(
      () => completedBy(a) > 0 && completedBy(b) > 0,
      'both instances to have run the sync',
      SETTLE_MS,
    );
    // Runs that find nothing more to write (the overlap re-reads the changed rows).
    await moreRuns(3);
    // Stopped, each process has logged the end of every run it started, and writes nothing more.
    const stopped = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    expect(stopped.map((exit) => exit.code)).toEqual([0, 0]);

    for (const number of numbers) {
      const expected: Array<Record<string, string>> = [];
      if (first.includes(number)) expected.push(enrichedAttributes(number, { facility: 'ORD' }));
      const bos = enrichedAttributes(number, { facility: 'BOS', region: 'NEA' });
      if (second.includes(number)) expected.push(bos);
      if (number === leaver) expected.push({ ...bos, member_type: 'Inactive' });
      expect({ number, puts: putBodies(number) }).toEqual({ number, puts: expected });
      expect({ number, now: attributesOf(number) }).toEqual({ number, now: expected.at(-1) });
    }
    expect(stack.intercom.validationErrors).toEqual([]);

    const spans = [a, b].flatMap((service) => syncRunSpans(syncRunLines(service.output())));
    expect(spans.length).toBeGreaterThan(4);
    expect(spans.filter((span) => !Number.isFinite(span.end))).toEqual([]);
    // From their start and end lines: never two runs at once, across both processes.
    expect(overlappingRuns(spans)).toEqual([]);
    // The point of the test: while one ran, the other's timer fired and found it busy.
    const skipped = [a, b].flatMap((service) =>
      logMessages(service.output()).filter(
        (msg) => msg === 'Member sync skipped: another instance is running it',
      ),
    );
    expect(skipped.length).toBeGreaterThan(0);
  });
});
