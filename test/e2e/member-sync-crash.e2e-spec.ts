/**
 * docs/reference.md, "Member data stays current" across a crash: the service as a child process, SIGKILLed
 * in the middle of an incremental run over 200 changed members (two batches of
 * 100; Intercom answers slowly so the run lasts seconds), with several writes
 * in flight at the kill, then started again. The next run finishes the work,
 * and a contact written before the crash is not written again.
 */
import { MEMBERS_PER_BATCH } from '../../src/member-sync/member-sync.service';
import type { RecordedRequest } from '../support/intercom-double/intercom-double';
import {
  enrichedAttributes,
  explained,
  incrementalSuccessMs,
  insertActiveMembers,
  startMemberSyncStack,
  type MemberSyncStack,
} from '../support/member-sync-stack';
import { seedGeography } from '../support/member-fixtures';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

const INTERVAL_MS = 1_000;
const MEMBERS = 2 * MEMBERS_PER_BATCH;
/**
 * Per Intercom call, with CONCURRENCY writes at once: a batch of 100 writes takes
 * 13 × 50 ms or more, time to kill the run in its second batch.
 */
const INTERCOM_LATENCY_MS = 50;
const CONCURRENCY = 8;
const SETTLE_MS = 60_000;

describe('member sync after a SIGKILL mid-run', () => {
  let stack: MemberSyncStack;
  const services: ServiceProcess[] = [];
  /** Contact id → member number. */
  const memberOf = new Map<string, string>();
  let numbers: string[];

  const isPut = (r: RecordedRequest) => r.method === 'PUT' && r.path.startsWith('/contacts/');
  const contactPuts = () => stack.intercom.requests.filter(isPut);
  const contactIdOf = (put: RecordedRequest) => put.path.slice('/contacts/'.length);
  const moved = () =>
    [...memberOf.keys()].filter(
      (id) => stack.intercom.store.getContact(id)?.custom_attributes.facility === 'ORD',
    ).length;

  beforeAll(async () => {
    stack = await startMemberSyncStack();
    await seedGeography(stack.mysql);
    await stack.mysql.query(
      `INSERT INTO facilities (id, code, name, region_id) VALUES (4, 'ORD', 'O''Hare Tower', 1)`,
    );
    numbers = await insertActiveMembers(stack.mysql, 7000, MEMBERS);
    for (const number of numbers) {
      const contact = stack.intercom.store.addContact({
        role: 'user',
        email: `m${number}@example.com`,
        custom_attributes: enrichedAttributes(number),
      });
      memberOf.set(contact.id, number);
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop('SIGKILL')));
    await stack?.close();
  });

  it('finishes the work after a restart, writing no contact twice', async () => {
    const first = await startServiceProcess(
      stack.env(INTERVAL_MS, { MEMBER_SYNC_CONCURRENCY: String(CONCURRENCY) }),
      90_000,
    );
    services.push(first);
    // The first run sets the watermark: changes from here on are the incremental runs'.
    await explained(
      waitFor(
        async () => (await incrementalSuccessMs(stack.mysql)) !== null,
        'the first incremental run',
        SETTLE_MS,
      ),
      [first],
    );
    expect(contactPuts()).toEqual([]);

    stack.intercom.faults.setLatency(INTERCOM_LATENCY_MS);
    // One statement: every row gets the same updated_at, so each batch is 100 numbers in order.
    await stack.mysql.query(`UPDATE members SET facility_id = 4, updated_at = UTC_TIMESTAMP()`);
    // Killed once the second batch is being written.
    await explained(
      waitFor(
        () => contactPuts().length >= MEMBERS_PER_BATCH + 20,
        'writes of the second batch',
        SETTLE_MS,
      ),
      [first],
    );
    const killed = await first.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    // The point of the test: the crash left work behind.
    expect(moved()).toBeLessThan(MEMBERS);
    // The first batch's progress was saved before the second began.
    const [state] = await stack.mysql.query<Array<{ member: string }>>(
      'SELECT watermark_member AS member FROM member_sync_state WHERE id = 1',
    );
    expect(state.member).toBe(numbers[MEMBERS_PER_BATCH - 1]);

    stack.intercom.faults.setLatency(0);
    const restartedAt = Date.now();
    const second = await startServiceProcess(stack.env(INTERVAL_MS), 90_000);
    services.push(second);
    await explained(
      waitFor(() => moved() === MEMBERS, 'every contact at ORD', SETTLE_MS),
      [second],
    );
    // A few more runs: they find nothing more to write (the overlap re-reads every row).
    for (let i = 0; i < 3; i++) {
      const before = await incrementalSuccessMs(stack.mysql);
      await waitFor(
        async () => (await incrementalSuccessMs(stack.mysql)) !== before,
        'another incremental run',
        SETTLE_MS,
      );
    }
    const stopped = await second.stop('SIGTERM');
    expect(stopped.code).toBe(0);

    // Every contact right, each written exactly once, with the change.
    for (const [id, number] of memberOf) {
      const puts = contactPuts().filter((put) => contactIdOf(put) === id);
      expect({ number, bodies: puts.map((put) => put.body) }).toEqual({
        number,
        bodies: [{ custom_attributes: enrichedAttributes(number, { facility: 'ORD' }) }],
      });
      expect(stack.intercom.store.getContact(id)?.custom_attributes).toEqual(
        enrichedAttributes(number, { facility: 'ORD' }),
      );
    }
    // After the restart, only contacts the killed process had not written (a write of its still
    // in flight at the kill arrived before the restart too, so `at` tells them apart).
    const beforeCrash = new Set(
      contactPuts()
        .filter((put) => put.at < restartedAt)
        .map(contactIdOf),
    );
    const afterRestart = contactPuts().filter((put) => put.at >= restartedAt);
    expect(afterRestart.filter((put) => beforeCrash.has(contactIdOf(put)))).toEqual([]);
    expect(afterRestart).toHaveLength(MEMBERS - beforeCrash.size);
    expect(stack.intercom.validationErrors).toEqual([]);
  });
});
