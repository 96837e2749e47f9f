/**
 * docs/reference.md, "Member card", initialize end to end: Canvas Kit requests signed as
 * Intercom signs them, through the real app, with real MariaDB (members) and PostgreSQL
 * behind the PostgREST double (positions). Every card must be valid against the 2.11 schemas.
 */
import type { Response } from 'supertest';
import { MemberRepository } from '../../src/members/member.repository';
import { cardText } from '../../sandbox/card/card-text';
import {
  componentsOf,
  initializeBody,
  postCanvas,
  type CanvasContactSeed,
} from '../support/canvas-requests';
import { canvasSchemaErrors } from '../support/canvas-schema';
import { insertMember, seedGeography, type MemberSeed } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { startTestApp, TEST_CLIENT_SECRET, type TestApp } from '../support/test-app';
import { signCanvasBody } from '../../src/intercom/canvas/canvas-signature';

interface TestMember {
  number: string;
  email: string;
  name: string;
}

jest.setTimeout(30_000);

describe('member card: initialize', () => {
  let t: TestApp;
  let counter = 0;

  async function newMember(seed: Partial<MemberSeed> = {}): Promise<TestMember> {
    counter += 1;
    const member = {
      number: String(70_000 + counter),
      email: `card.member${counter}@example.com`,
      name: `Jane Card${counter}`,
    };
    await insertMember(t.mysql, {
      membernumber: member.number,
      email: member.email,
      firstname: 'Jane',
      lastname: `Card${counter}`,
      facility_id: 1,
      membertypeid: 6,
      ...seed,
    });
    return member;
  }

  const nextId = (prefix: string) => {
    counter += 1;
    return `${prefix}-${counter}`;
  };

  /** Initialize for this contact; asserts 200 and a canvas valid against the 2.11 schema. */
  async function card(
    contact: Omit<CanvasContactSeed, 'id'>,
    conversationAttributes: Record<string, unknown> = {},
  ): Promise<Response> {
    const body = initializeBody({
      contact: { id: nextId('contact'), ...contact },
      conversationId: nextId('conv'),
      conversationAttributes,
    });
    const res = await postCanvas(t.app, 'initialize', body);
    expect(res.status).toBe(200);
    expect(canvasSchemaErrors('initialize_response', res.body)).toEqual([]);
    return res;
  }

  const table = (res: Response) =>
    Object.fromEntries(
      (
        componentsOf(res.body).find((c) => c.type === 'data-table')?.items as
          Array<{ field: string; value: string }> | undefined
      )?.map((item) => [item.field, item.value]) ?? [],
    );

  const buttons = (res: Response) => componentsOf(res.body).filter((c) => c.type === 'button');

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.postgrest.faults.reset();
  });

  describe('signature', () => {
    let reads: jest.SpyInstance[];

    beforeEach(() => {
      const members = t.app.get(MemberRepository);
      reads = [jest.spyOn(members, 'findByEmail'), jest.spyOn(members, 'findByNumber')];
    });

    afterEach(() => {
      for (const spy of reads) spy.mockRestore();
    });

    it('refuses unsigned, wrongly signed and re-serialised requests with 401, reading nothing', async () => {
      const member = await newMember();
      const body = initializeBody({
        contact: { id: nextId('contact'), email: member.email },
        conversationId: nextId('conv'),
      });
      const compact = JSON.stringify(body);
      const before = t.intercom.requests.length;

      const unsigned = await postCanvas(t.app, 'initialize', compact, { secret: null });
      const wrong = await postCanvas(t.app, 'initialize', compact, { secret: 'not-the-secret' });
      // Signed over the compact JSON, sent pretty-printed: the same JSON, other bytes.
      const reserialised = await t
        .http()
        .post('/api/intercom/canvas/initialize')
        .set('Content-Type', 'application/json')
        .set('X-Body-Signature', signCanvasBody(compact, TEST_CLIENT_SECRET))
        .send(JSON.stringify(body, null, 2));
      const submitUnsigned = await postCanvas(
        t.app,
        'submit',
        { ...body, component_id: 'sync', input_values: { member_number: member.number } },
        { secret: null },
      );

      for (const res of [unsigned, wrong, reserialised, submitUnsigned]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: 'Invalid signature' });
      }
      for (const spy of reads) expect(spy).not.toHaveBeenCalled();
      expect(t.intercom.requests.length).toBe(before);
      // The same bytes, signed: read.
      await postCanvas(t.app, 'initialize', compact).expect(200);
      expect(reads[0]).toHaveBeenCalledTimes(1);
    });
  });

  it('shows an Active member found by email: every field, all positions uncapped, Sync member', async () => {
    const member = await newMember({ phone: '(765) 465-7031' });
    const titles = Array.from({ length: 12 }, (_, i) => `Committee Position Number ${i + 1}`);
    await insertPositions(
      t.postgres,
      titles.map((positiontype, i) => ({
        membernumber: member.number,
        positiontype,
        start_date: daysFromToday(-100 + i),
      })),
    );

    const res = await card({ email: member.email, role: 'lead' });

    expect(table(res)).toEqual({
      'Member number': member.number,
      Name: member.name,
      'Member type': 'Current Member',
      Region: 'GL',
      Facility: 'ZAU',
      // Newest first, every one of them: longer than the 255 characters the attribute holds.
      Positions: [...titles].reverse().join(', '),
    });
    expect(table(res).Positions.length).toBeGreaterThan(255);
    expect(cardText(res.body)).toMatch(
      /The contact differs: \*\*member number, member type, region, facility, positions, phone\*\*/,
    );
    expect(buttons(res)).toEqual([
      {
        type: 'button',
        id: 'sync',
        label: 'Sync member',
        style: 'secondary',
        action: { type: 'submit' },
      },
    ]);
    expect(res.body.canvas.stored_data).toEqual({ member_number: member.number });
  });

  it('shows a Retired member as Retired Member in RNAV', async () => {
    const member = await newMember({ status: 'Retired', membertypeid: 10 });
    const res = await card({ email: member.email });
    expect(table(res)).toMatchObject({
      'Member number': member.number,
      'Member type': 'Retired Member',
      Region: 'RNAV',
      Facility: 'RNAV',
      Positions: '—',
    });
  });

  it('finds a contact known by member_number only, and says when it is up to date', async () => {
    const member = await newMember();
    const res = await card({
      email: null,
      custom_attributes: {
        member_number: member.number,
        member_type: 'Current Member',
        region: 'GL',
        facility: 'ZAU',
        positions: '',
      },
    });
    expect(table(res)).toMatchObject({ 'Member number': member.number, Name: member.name });
    expect(cardText(res.body)).toContain('✓ The contact is up to date.');
  });

  it('names the attribute a stale contact holds otherwise', async () => {
    const member = await newMember();
    const res = await card({
      email: member.email,
      custom_attributes: {
        member_number: member.number,
        member_type: 'Current Member',
        region: 'NEA',
        facility: 'ZAU',
        positions: '',
      },
    });
    expect(cardText(res.body)).toContain('The contact differs: **region**.');
  });

  it('says plainly when no member matches the email, and prefills the number from the conversation', async () => {
    const email = `${nextId('nobody')}@example.com`;
    const res = await card({ email }, { member_number_verification: ' 12345 ' });
    const components = componentsOf(res.body);
    expect(components[0]).toEqual({
      type: 'text',
      text: `No Active or Retired member matches the email ${email}.`,
      style: 'muted',
    });
    expect(components.find((c) => c.type === 'input')).toMatchObject({
      id: 'member_number',
      value: '12345',
    });
    expect(buttons(res).map((b) => [b.id, b.style])).toEqual([['sync', 'secondary']]);
    expect(components.some((c) => c.type === 'data-table')).toBe(false);

    // The attribute's display name counts too; an Inactive member's number matches nobody.
    const inactive = await newMember({ status: 'Inactive' });
    const byNumber = await card(
      { custom_attributes: { member_number: inactive.number } },
      { 'Member Number Verification': '777' },
    );
    expect(componentsOf(byNumber.body)[0]).toMatchObject({
      text: `No Active or Retired member matches the member number ${inactive.number}.`,
    });
    expect(componentsOf(byNumber.body).find((c) => c.type === 'input')?.value).toBe('777');
  });

  it('Supabase down: still a 200 card, saying member data are unavailable, with nobody’s data', async () => {
    const member = await newMember();
    t.postgrest.faults.failNext(50, 503);
    const failing = await card({ email: member.email });
    expect(cardText(failing.body)).toContain('Member data are unavailable right now');
    expect(JSON.stringify(failing.body)).not.toContain(member.number);

    t.postgrest.faults.reset();
    t.postgrest.faults.hangNext(1);
    const started = Date.now();
    const hanging = await card({ email: member.email });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cardText(hanging.body)).toContain('Member data are unavailable right now');
    expect(buttons(hanging).map((b) => [b.id, b.style])).toEqual([['refresh', 'secondary']]);
  });

  it('answers 20 initializes, 10 at a time, each within 2 s', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => newMember()));
    const durations: number[] = [];
    for (let round = 0; round < 2; round++) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const started = Date.now();
          const res = await card({ email: members[i % members.length].email });
          durations.push(Date.now() - started);
          expect(table(res)['Member number']).toBe(members[i % members.length].number);
        }),
      );
    }
    expect(durations).toHaveLength(20);
    expect(Math.max(...durations)).toBeLessThan(2000);
  });
});
