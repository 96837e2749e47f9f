/**
 * Property-based fuzzing of the two public inputs (seeded and bounded, so a
 * failure reproduces). Properties: never a 5xx except the documented 503,
 * never a crash, nothing unsigned is recorded, everything recorded ends in a
 * terminal state. Text that is not well-formed Unicode (a lone surrogate) is
 * bad input on every route that takes text: a clear 4xx (docs/reference.md, "Delivery guarantees and safety").
 */
import fc from 'fast-check';
import { isWellFormedText } from '../../src/common/text/well-formed';
import { startTestApp, TEST_ADMIN_KEY, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification, sample } from '../support/webhook-payloads';

jest.setTimeout(120_000);

const SEED = 20261128;
const HANDLED_TOPICS = [
  'conversation.user.created',
  'conversation.user.replied',
  'conversation_part.tag.created',
];

/** Any JSON value, including deep nesting, big arrays, unicode and nulls. */
const anyJson = fc.jsonValue({ maxDepth: 6 });

/** A lone surrogate: a JSON string can hold one (`"\ud800"`), but it is not well-formed Unicode. */
const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => String.fromCharCode(unit));

/**
 * Text (well-formed, surrogate pairs included) with a lone surrogate put
 * somewhere in it, a pair possibly cut in two: never well-formed.
 */
function illFormed(
  text: fc.Arbitrary<string> = fc.string({ unit: 'binary', maxLength: 40 }),
): fc.Arbitrary<string> {
  return fc.tuple(text, loneSurrogate, fc.nat()).map(([base, lone, at]) => {
    const i = at % (base.length + 1);
    return base.slice(0, i) + lone + base.slice(i);
  });
}

/**
 * Percent-encoding of each code point's UTF-8 bytes, lone surrogates
 * included (ED A0 80 for U+D800): how such text is written in a URL.
 * encodeURIComponent refuses it.
 */
function percentEncoded(text: string): string {
  let encoded = '';
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [
                0xf0 | (cp >> 18),
                0x80 | ((cp >> 12) & 63),
                0x80 | ((cp >> 6) & 63),
                0x80 | (cp & 63),
              ];
    encoded += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return encoded;
}

/** A real sample with one field, anywhere in it, replaced by something of another type. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    paths.push(path);
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>))
        walk(child, [...path, key]);
    }
  };
  walk(base, []);
  return fc
    .tuple(
      fc.constantFrom(...paths.filter((p) => p.length > 0)),
      anyJson,
      fc.constantFrom(...HANDLED_TOPICS),
    )
    .map(([path, replacement, topic]) => {
      const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      let target: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[path[path.length - 1]] = replacement;
      if (path[0] !== 'topic') copy.topic = topic;
      return copy;
    });
}

let illFormedBodies = 0;

/**
 * A real sample with one text field (the envelope's id or topic, or any
 * string deeper in it) made ill-formed; the path says which.
 */
function withIllFormedText(
  base: Record<string, unknown>,
): fc.Arbitrary<{ path: string[]; body: string }> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') paths.push(path);
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>))
        walk(child, [...path, key]);
    }
  };
  walk(base, []);
  return fc.constantFrom(...paths).chain((path) => {
    let original: unknown = base;
    for (const key of path) original = (original as Record<string, unknown>)[key];
    return illFormed(fc.constant(original as string)).map((text) => {
      const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      let target: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[path[path.length - 1]] = text;
      // A fresh id, so each body is recorded and processed rather than taken as a repeat.
      if (path[0] !== 'id') copy.id = `ill-formed-${++illFormedBodies}`;
      // JSON.stringify writes a lone surrogate as the escape `\udXXX`: valid JSON, sent as such.
      return { path, body: JSON.stringify(copy) };
    });
  });
}

describe('fuzzing', () => {
  let t: TestApp;
  const count = async () =>
    Number(
      (
        await t.mysql.query<Array<{ n: number }>>(
          'SELECT COUNT(*) AS n FROM intercom_notifications',
        )
      )[0].n,
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { INBOX_MAX_ATTEMPTS: '2', LOOKUP_RATE_LIMIT: '100000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('webhook: signed garbage and mutated samples never get a 5xx, and all recorded rows settle', async () => {
    const bodies = fc.oneof(
      anyJson.map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 300 }),
      fc
        .constantFrom(
          'conversation_user_created.json',
          'conversation_user_replied.json',
          'conversation_part_tag_created.json',
        )
        .chain((name) => mutated(sample(name)).map((value) => JSON.stringify(value))),
      mutated(conversationNotification('6b0b3dba60dc9f0000000001')).map((value) =>
        JSON.stringify(value),
      ),
      fc.array(fc.constant('['), { minLength: 1, maxLength: 5000 }).map((parts) => parts.join('')),
      fc.integer({ min: 1, max: 20_000 }).map((n) =>
        JSON.stringify({
          topic: HANDLED_TOPICS[0],
          id: `n${n}`,
          data: { item: { contacts: { contacts: Array(n).fill(null) } } },
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await t.sendWebhook(body);
        expect([200, 400]).toContain(res.status);
      }),
      { seed: SEED, numRuns: 150 },
    );
    await waitFor(
      async () => {
        const [row] = await t.mysql.query<Array<{ open: number }>>(
          "SELECT COUNT(*) AS open FROM intercom_notifications WHERE state IN ('pending', 'processing')",
        );
        return Number(row.open) === 0;
      },
      'every recorded notification to reach done or failed',
      60_000,
    );
    // The generators must really reach the inbox, or the property above proves little.
    expect(await count()).toBeGreaterThan(20);
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(200);
  });

  it('webhook: nothing unsigned or wrongly signed is ever recorded', async () => {
    const before = await count();
    await fc.assert(
      fc.asyncProperty(
        anyJson,
        fc.option(fc.string({ maxLength: 50 }), { nil: null }),
        async (value, secret) => {
          const res = await t.sendWebhook(
            { topic: HANDLED_TOPICS[1], id: 'x', payload: value },
            { secret: secret === '' ? null : secret },
          );
          expect(res.status).toBe(401);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
    expect(await count()).toBe(before);
  });

  /** The lookup with `body` sent as JSON text. */
  const postLookup = (body: unknown) =>
    t
      .http()
      .post('/api/intercom/lookup-email')
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  /** A lookup's answer: a member (or not), or a clear 4xx with an error message; never a 5xx. */
  const expectClearAnswer = (res: { status: number; body: { error?: unknown } }) => {
    expect(res.status).toBeLessThan(500);
    expect(res.status === 200 ? 'found' in res.body : typeof res.body.error === 'string').toBe(
      true,
    );
  };

  it('lookup: any body gets a 2xx or a clear 4xx, never a 5xx', async () => {
    const bodies = fc.oneof(
      anyJson,
      fc.record({ email: anyJson }),
      fc.record({ email: fc.string({ maxLength: 400 }) }),
      fc.record({ email: fc.emailAddress() }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await postLookup(body);
        expectClearAnswer(res);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
  it('lookup: an email that is not well-formed Unicode is exactly 400 "Invalid email address"', async () => {
    const emails = fc.oneof(illFormed(), illFormed(fc.emailAddress()));
    await fc.assert(
      fc.asyncProperty(emails, async (email) => {
        expect(isWellFormedText(email)).toBe(false);
        const res = await postLookup({ email });
        expect({ status: res.status, body: res.body as unknown }).toEqual({
          status: 400,
          body: { error: 'Invalid email address' },
        });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('lookup: ill-formed text anywhere in the body gets a 2xx or a clear 4xx, never a 5xx', async () => {
    const bodies = fc.dictionary(
      fc.oneof(fc.constant('email'), illFormed(), fc.string({ maxLength: 10 })),
      fc.oneof(illFormed(), fc.emailAddress(), fc.array(illFormed(), { maxLength: 3 })),
      { minKeys: 1, maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await postLookup(body);
        expectClearAnswer(res);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('webhook: an ill-formed id or topic is a 400, ill-formed text deeper is recorded; never a 5xx', async () => {
    const bodies = fc.oneof(
      fc
        .constantFrom(
          'conversation_user_created.json',
          'conversation_user_replied.json',
          'conversation_part_tag_created.json',
        )
        .chain((name) => withIllFormedText(sample(name))),
      withIllFormedText(conversationNotification('6b0b3dba60dc9f0000000002')),
    );
    let recorded = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async ({ path, body }) => {
        const res = await t.sendWebhook(body);
        if (path.length === 1 && (path[0] === 'id' || path[0] === 'topic')) {
          expect({ status: res.status, body: res.body as unknown }).toEqual({
            status: 400,
            body: { error: 'Notification id and topic must be well-formed Unicode' },
          });
        } else {
          expect(res.status).toBe(200);
          recorded++;
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
    expect(recorded).toBeGreaterThan(10);
    // Bad input in a notification is a permanent outcome: done at the first attempt, no retry.
    const settled = await waitFor(
      async () => {
        const rows = await t.mysql.query<Array<{ state: string; attempts: number }>>(
          "SELECT state, attempts FROM intercom_notifications WHERE notification_id LIKE 'ill-formed-%'",
        );
        const open = rows.some((row) => row.state === 'pending' || row.state === 'processing');
        return rows.length === recorded && !open ? rows : undefined;
      },
      'every notification with ill-formed text to settle',
      60_000,
    );
    expect(settled.filter((row) => row.state !== 'done' || Number(row.attempts) !== 1)).toEqual([]);
  });

  it('admin: ill-formed text in a query parameter or an id is a clear 4xx, never a 5xx', async () => {
    const BASE = '/api/admin/notifications';
    // A query value that does not decode stays as sent, and is no state or number; an id that
    // does not decode is refused by the router ("Failed to decode param ..."). Both are 400.
    const query = { error: 'Invalid query parameter' };
    const routes = fc.constantFrom(
      (text: string) => ({ method: 'get' as const, path: `${BASE}?state=${text}`, body: query }),
      (text: string) => ({ method: 'get' as const, path: `${BASE}?limit=${text}`, body: query }),
      (text: string) => ({ method: 'get' as const, path: `${BASE}?offset=${text}`, body: query }),
      (text: string) => ({ method: 'get' as const, path: `${BASE}/${text}`, body: undefined }),
      (text: string) => ({
        method: 'post' as const,
        path: `${BASE}/${text}/replay`,
        body: undefined,
      }),
    );
    const texts = illFormed(fc.constantFrom('failed', 'pending', '5', '50', '12', 'x'));
    await fc.assert(
      fc.asyncProperty(routes, texts, async (route, text) => {
        const { method, path, body } = route(percentEncoded(text));
        const res = await t.http()[method](path).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
        expect(res.status).toBe(400);
        if (body) expect(res.body).toEqual(body);
        else expect(res.body).toEqual({ error: expect.any(String) as unknown });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
