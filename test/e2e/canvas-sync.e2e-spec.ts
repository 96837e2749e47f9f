/**
 * docs/reference.md, "Member card", "Sync member" end to end: Canvas Kit submits signed as
 * Intercom signs them, the durable inbox, the Intercom double, real MariaDB and PostgreSQL.
 * The same re-sync and note as the sync tag, without the tag.
 */
import type { Response } from 'supertest';
import { cardText } from '../../sandbox/card/card-text';
import type { RecordedRequest } from '../support/intercom-double/intercom-double';
import {
  CARD_ADMIN,
  componentsOf,
  postCanvas,
  submitBody,
  type CanvasRequestSeed,
} from '../support/canvas-requests';
import { canvasSchemaErrors } from '../support/canvas-schema';
import { inboxRows } from '../support/inbox-rows';
import { insertMember, seedGeography, type MemberSeed } from '../support/member-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { InboxWorker } from '../../src/intercom/inbox/inbox-worker';

jest.setTimeout(30_000);

interface TestMember {
  number: string;
  email: string;
  name: string;
}

/** How long a click waits before "Sync started", here (default 8 s). */
const SYNC_WAIT_MS = 4000;

describe('member card: Sync member', () => {
  let t: TestApp;
  let counter = 0;

  const store = () => t.intercom.store;

  async function newMember(seed: Partial<MemberSeed> = {}): Promise<TestMember> {
    counter += 1;
    const member = {
      number: String(80_000 + counter),
      email: `sync.member${counter}@example.com`,
      name: `Sam Sync${counter}`,
    };
    await insertMember(t.mysql, {
      membernumber: member.number,
      email: member.email,
      firstname: 'Sam',
      lastname: `Sync${counter}`,
      facility_id: 1,
      ...seed,
    });
    return member;
  }

  /** A lead-only member: two leads with the member's email, one of them the viewed contact. */
  function leadOnly(member: TestMember): CanvasRequestSeed {
    const viewed = store().addContact({ role: 'lead', email: member.email });
    store().addContact({ role: 'lead', email: member.email });
    const conversation = store().addConversation({ contactIds: [viewed.id] });
    return {
      contact: { id: viewed.id, role: 'lead', email: member.email },
      conversationId: conversation.id,
    };
  }

  async function submit(
    seed: CanvasRequestSeed,
    options: Parameters<typeof submitBody>[2] = {},
  ): Promise<Response> {
    const res = await postCanvas(t.app, 'submit', submitBody(seed, 'sync', options));
    expect(res.status).toBe(200);
    expect(canvasSchemaErrors('submit_response', res.body)).toEqual([]);
    return res;
  }

  const writes = (calls: RecordedRequest[]) => calls.filter((c) => c.method !== 'GET');
  const activeUsers = (email: string) =>
    store()
      .contacts()
      .filter((c) => c.role === 'user' && !c.archived && c.email === email);
  const leads = (email: string) =>
    store()
      .contacts()
      .filter((c) => c.role === 'lead' && c.email === email);
  const cardRows = () =>
    inboxRows(t.mysql).then((rows) =>
      rows.filter((r) => r.notification_id.startsWith('member-card:')),
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { CANVAS_SYNC_WAIT_MS: String(SYNC_WAIT_MS) } });
    await seedGeography(t.mysql);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.intercom.faults.reset();
    expect(t.intercom.validationErrors).toEqual([]);
  });

  it('syncs a lead-only member into one USER with the leads merged, and one note naming the agent', async () => {
    const member = await newMember();
    const seed = leadOnly(member);

    const res = await submit(seed, { storedData: { member_number: member.number } });

    const text = cardText(res.body);
    expect(text).toMatch(
      /^✅ Member synced on [A-Z][a-z]{2} \d{1,2}, \d{4} at \d{1,2}:\d{2}[AP]M UTC\./,
    );
    expect(text).toContain(`Member number: ${member.number}`);
    expect(text).toContain('Created the member’s user contact.');
    expect(text).toContain('Leads merged: 2.');
    const users = activeUsers(member.email);
    expect(users).toHaveLength(1);
    expect(users[0].custom_attributes).toMatchObject({
      member_number: member.number,
      region: 'GL',
    });
    expect(leads(member.email)).toEqual([]);
    const notes = store().notes(seed.conversationId);
    expect(notes).toHaveLength(1);
    expect(notes[0].adminId).toBe(CARD_ADMIN.id);
    expect(notes[0].body).toContain(`Member ${member.number}, ${member.name} (Active)`);
    expect(notes[0].body).toContain(`Asked for by ${CARD_ADMIN.name} from the member card.`);
    expect(notes[0].body).toContain('Leads merged into the user: 2.');
    // No tag involved.
    expect(t.intercom.requests.some((r) => r.path.includes('/tags'))).toBe(false);
  });

  it('refuses an unknown, an Inactive and a non-number in the field, writing nothing', async () => {
    const inactive = await newMember({ status: 'Inactive' });
    const viewed = store().addContact({ role: 'lead', email: inactive.email });
    const seed = {
      contact: { id: viewed.id, role: 'lead' as const, email: inactive.email },
      conversationId: store().addConversation({ contactIds: [viewed.id] }).id,
    };
    const before = t.intercom.requests.length;
    const rowsBefore = (await cardRows()).length;

    const cases: Array<[string, string]> = [
      ['99999999', 'No Active or Retired member has the number 99999999.'],
      [inactive.number, `No Active or Retired member has the number ${inactive.number}.`],
      ['12a45', 'That is not a member number (digits only).'],
    ];
    for (const [typed, reason] of cases) {
      const res = await submit(seed, { inputValues: { member_number: typed } });
      const components = componentsOf(res.body);
      expect(components.find((c) => c.type === 'input')).toMatchObject({
        id: 'member_number',
        value: typed,
        save_state: 'failed',
      });
      expect(components[0]).toEqual({ type: 'text', text: reason, style: 'error' });
    }
    expect(writes(t.intercom.requests.slice(before))).toEqual([]);
    expect(store().notes(seed.conversationId)).toEqual([]);
    expect((await cardRows()).length).toBe(rowsBefore);
  });

  it("a signed webhook naming the card's own topic is acknowledged and queues nothing", async () => {
    const member = await newMember();
    const before = (await inboxRows(t.mysql)).length;
    const res = await t.sendWebhook({
      type: 'notification_event',
      id: `notif_forged_${member.number}`,
      topic: 'member_card.sync',
      data: { item: { conversationId: 'forged', memberNumber: member.number, adminId: '1' } },
    });
    expect(res.status).toBe(200);
    expect(await inboxRows(t.mysql)).toHaveLength(before);
    expect(activeUsers(member.email)).toEqual([]);
  });

  it('a double click syncs once: one USER created, one note', async () => {
    const member = await newMember();
    const seed = leadOnly(member);
    const before = t.intercom.requests.length;

    const [first, second] = await Promise.all([
      submit(seed, { inputValues: { member_number: member.number } }),
      submit(seed, { inputValues: { member_number: member.number } }),
    ]);
    const third = await submit(seed, { inputValues: { member_number: member.number } });

    for (const res of [first, second, third])
      expect(cardText(res.body)).toContain('✅ Member synced');
    const calls = t.intercom.requests.slice(before);
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/contacts')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/contacts/merge')).toHaveLength(
      2,
    );
    expect(store().notes(seed.conversationId)).toHaveLength(1);
    const rows = (await cardRows()).filter((r) => r.notification_id.includes(seed.conversationId));
    expect(rows).toHaveLength(1);
  });

  it('Intercom too slow: answers "Sync started", then completes in the inbox with one note', async () => {
    const member = await newMember();
    const seed = leadOnly(member);
    // Six calls (search, create, lead, two merges, note) at 1 s each: past the wait.
    t.intercom.faults.setLatency(1000);

    const started = Date.now();
    const res = await submit(seed, { inputValues: { member_number: member.number } });

    expect(Date.now() - started).toBeLessThan(SYNC_WAIT_MS + 1000);
    expect(cardText(res.body)).toMatch(/^Sync started on .+ UTC\./);
    expect(componentsOf(res.body).filter((c) => c.type === 'button')).toEqual([
      expect.objectContaining({ id: 'refresh', style: 'secondary' }),
    ]);
    await waitFor(() => store().notes(seed.conversationId).length > 0, 'the sync note', 20_000);
    t.intercom.faults.setLatency(0);
    await t.app.get(InboxWorker).idle();
    expect(store().notes(seed.conversationId)).toHaveLength(1);
    expect(activeUsers(member.email)).toHaveLength(1);
    const rows = (await cardRows()).filter((r) => r.notification_id.includes(seed.conversationId));
    expect(rows).toMatchObject([{ state: 'done', outcome: 'synced' }]);
  });
});
