/**
 * Property-based fuzzing of the two public inputs (seeded and bounded, so a
 * failure reproduces). Properties: never a 5xx except the documented 503,
 * never a crash, nothing unsigned is recorded, everything recorded ends in a
 * terminal state.
 */
import fc from 'fast-check';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
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

  it('lookup: any body gets a 2xx or a clear 4xx, never a 5xx', async () => {
    const bodies = fc.oneof(
      anyJson,
      fc.record({ email: anyJson }),
      fc.record({ email: fc.string({ maxLength: 400 }) }),
      fc.record({ email: fc.emailAddress() }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await t
          .http()
          .post('/api/intercom/lookup-email')
          .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        expect(res.status).toBeLessThan(500);
        expect(res.status === 200 ? 'found' in res.body : typeof res.body.error === 'string').toBe(
          true,
        );
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
