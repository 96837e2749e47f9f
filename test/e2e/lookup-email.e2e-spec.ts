import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { PrometheusText } from '../support/prometheus-text';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';

const ROUTE = '/api/intercom/lookup-email';

/**
 * Sends exactly `head` (request line and headers) and no body over a plain socket, so that
 * no client adds a Content-Length or Transfer-Encoding, as `curl -X POST` without `-d` does.
 * The app is served by a server of its own for this one request.
 */
async function rawRequest(
  t: TestApp,
  head: string[],
): Promise<{ status: number; headers: string; body: string }> {
  const server = createServer(t.app.getHttpAdapter().getInstance());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`${[...head, 'Host: 127.0.0.1', 'Connection: close'].join('\r\n')}\r\n\r\n`);
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const [headers, body = ''] = text.split('\r\n\r\n', 2);
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers, body };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('POST /api/intercom/lookup-email', () => {
  let t: TestApp;
  const post = (body: unknown, key: string | null = TEST_LOOKUP_KEY) => {
    const req = t.http().post(ROUTE);
    if (key) req.set('Authorization', `Bearer ${key}`);
    return req.send(body as object);
  };

  beforeAll(async () => {
    // Throttling has its own app below; here the tests' requests must not run into it.
    t = await startTestApp({ env: { LOOKUP_RATE_LIMIT: '1000' } });
    await seedGeography(t.mysql);
    await insertMember(t.mysql, {
      membernumber: '12345',
      firstname: 'John',
      lastname: 'Doe',
      email: ' John.Doe@Example.com ',
      phone: ' (765) 465-7031 ',
      facility_id: 1,
    });
    await insertMember(t.mysql, {
      membernumber: '777',
      email: 'retired@example.com',
      status: 'Retired',
    });
    await insertPositions(t.postgres, [
      {
        membernumber: '12345',
        positiontype: 'Area Representative',
        start_date: daysFromToday(-400),
      },
      { membernumber: '12345', positiontype: 'Facility President', start_date: daysFromToday(-30) },
      {
        membernumber: '12345',
        positiontype: 'Old Title',
        start_date: daysFromToday(-900),
        end_date: daysFromToday(-1),
      },
      { membernumber: '12345', positiontype: 'Future Title', start_date: daysFromToday(5) },
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.postgrest.faults.reset();
  });

  describe('answers', () => {
    it('returns the member, trimmed as stored, with current positions newest first', async () => {
      const res = await post({ email: 'john.doe@example.com' }).expect(200);
      expect(res.body).toEqual({
        found: true,
        member_number: '12345',
        firstname: 'John',
        lastname: 'Doe',
        email: 'John.Doe@Example.com',
        phone: '(765) 465-7031',
        region: 'GL',
        facility: 'ZAU',
        positions: ['Facility President', 'Area Representative'],
      });
    });

    it('returns null region and facility when unknown, and an empty positions list', async () => {
      const res = await post({ email: 'RETIRED@example.com' }).expect(200);
      expect(res.body).toMatchObject({
        found: true,
        member_number: '777',
        region: null,
        facility: null,
        positions: [],
      });
    });

    it('answers found:false for an unknown address', async () => {
      const res = await post({ email: 'nobody@example.com' }).expect(200);
      expect(res.body).toEqual({ found: false });
    });

    it('makes one Supabase request per found member and none when not found', async () => {
      const before = t.postgrest.requests.length;
      await post({ email: 'john.doe@example.com' }).expect(200);
      expect(t.postgrest.requests.length - before).toBe(1);
      await post({ email: 'nobody@example.com' }).expect(200);
      expect(t.postgrest.requests.length - before).toBe(1);
    });

    it('uses pooled MySQL connections: 30 lookups open far fewer than 30 connections', async () => {
      const connections = async () => {
        const [row] = await t.mysql.query<Array<{ Value: string }>>(
          "SHOW GLOBAL STATUS LIKE 'Connections'",
        );
        return Number(row.Value);
      };
      const before = await connections();
      for (let i = 0; i < 30; i++) await post({ email: 'john.doe@example.com' }).expect(200);
      // The original route opened one connection per request; a pool reuses its few.
      expect((await connections()) - before).toBeLessThan(10);
      const [open] = await t.mysql.query<Array<{ n: number }>>(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?',
        [t.mysql.name],
      );
      expect(Number(open.n)).toBeLessThanOrEqual(10 + 1); // MYSQL_POOL_SIZE, plus this test's own connection
    });
  });

  describe('authentication', () => {
    it('accepts the key as X-API-Key', async () => {
      await t
        .http()
        .post(ROUTE)
        .set('X-API-Key', TEST_LOOKUP_KEY)
        .send({ email: 'nobody@example.com' })
        .expect(200);
    });

    it.each([
      ['no key', null],
      ['a wrong key', 'not-the-key'],
      ['a prefix of the key', TEST_LOOKUP_KEY.slice(0, -1)],
    ])('answers 401 for %s', async (_label, key) => {
      const res = await post({ email: 'john.doe@example.com' }, key).expect(401);
      expect(res.body).toEqual({ error: 'Unauthorized' });
    });

    it('never writes a key to the log', async () => {
      await post({ email: 'john.doe@example.com' }).expect(200);
      await t
        .http()
        .post(ROUTE)
        .set('X-API-Key', TEST_LOOKUP_KEY)
        .send({ email: 'x@example.com' })
        .expect(200);
      await post({ email: 'john.doe@example.com' }, 'wrong-key-zz9').expect(401);
      expect(t.logs.lines.length).toBeGreaterThan(0);
      expect(t.logs.text).not.toContain(TEST_LOOKUP_KEY);
      expect(t.logs.text).not.toContain('wrong-key-zz9');
    });
  });

  describe('bad input gets a clear 4xx', () => {
    it.each([
      ['no email', {}],
      ['an empty email', { email: '' }],
      ['a blank email', { email: '   ' }],
      ['a null email', { email: null }],
    ])('400 "Email address is required" for %s', async (_label, body) => {
      const res = await post(body).expect(400);
      expect(res.body).toEqual({ error: 'Email address is required' });
    });

    it.each([
      ['a word', { email: 'not-an-email' }],
      ['a number', { email: 12345 }],
      ['an object', { email: { $ne: '' } }],
      ['a list', { email: ['a@b.org'] }],
      ['SQL', { email: "' OR 1=1 --" }],
      ['a 10 kB address', { email: `${'a'.repeat(10_000)}@example.com` }],
      ['quotes', { email: '"john"@"example".com' }],
    ])('400 "Invalid email address" for %s', async (_label, body) => {
      const res = await post(body).expect(400);
      expect(res.body).toEqual({ error: 'Invalid email address' });
    });

    it('looks up a unicode address without error', async () => {
      const res = await post({ email: 'jürgen@exämple.de' }).expect(200);
      expect(res.body).toEqual({ found: false });
    });

    describe('text that is not well-formed Unicode', () => {
      // Sent as JSON text: the six characters `\ud800` must reach the server's JSON parser.
      const postRaw = (json: string) =>
        t
          .http()
          .post(ROUTE)
          .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
          .set('Content-Type', 'application/json')
          .send(json);
      const lookupCounts = async () => {
        const metrics = new PrometheusText((await t.http().get('/api/metrics').expect(200)).text);
        const count = (result: string) => metrics.value('natca_lookup_requests_total', { result });
        return {
          found: count('found'),
          not_found: count('not_found'),
          invalid: count('invalid'),
          error: count('error'),
        };
      };

      it('400 "Invalid email address" for a lone surrogate, counted as an invalid lookup', async () => {
        const before = await lookupCounts();
        const res = await postRaw('{"email":"\\ud800@example.com"}').expect(400);
        expect(res.body).toEqual({ error: 'Invalid email address' });
        // Beside it, an ordinary 400 and one answered lookup, so the metric is seen to move.
        await postRaw('{"email":"not-an-email"}').expect(400);
        await postRaw('{"email":"nobody@example.com"}').expect(200);
        // Both 400s count as `invalid`, never as an `error` (the old 500).
        expect(await lookupCounts()).toEqual({
          found: before.found,
          not_found: before.not_found + 1,
          invalid: before.invalid + 2,
          error: before.error,
        });
      });

      it.each([
        ['a lone low surrogate', '{"email":"john.doe@exam\\udc00ple.com"}'],
        ['a cut surrogate pair', '{"email":"john.doe\\ud83d@example.com"}'],
        ['a lone surrogate after spaces', '{"email":"  \\udbff  "}'],
      ])('400 "Invalid email address" for %s', async (_label, json) => {
        const res = await postRaw(json).expect(400);
        expect(res.body).toEqual({ error: 'Invalid email address' });
      });

      it('still looks up an address with a surrogate pair', async () => {
        const res = await postRaw('{"email":"john@ex\\ud83d\\ude00ample.com"}').expect(200);
        expect(res.body).toEqual({ found: false });
      });
    });

    it('400 for a JSON array body', async () => {
      const res = await post([{ email: 'john.doe@example.com' }]).expect(400);
      expect(res.body).toEqual({ error: 'Request body must be a JSON object' });
    });

    it('400 for a JSON string or malformed JSON', async () => {
      for (const raw of ['"john.doe@example.com"', '{"email":', 'null']) {
        const res = await t
          .http()
          .post(ROUTE)
          .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
          .set('Content-Type', 'application/json')
          .send(raw)
          .expect(400);
        expect(res.body).toEqual({ error: 'Malformed JSON body' });
      }
    });

    it('400 "Email address is required" for a POST that sends no body at all', async () => {
      // What `curl -X POST -H 'Content-Type: application/json'` without `-d` sends, and without -H.
      for (const type of ['Content-Type: application/json', null]) {
        const head = [`POST ${ROUTE} HTTP/1.1`, `Authorization: Bearer ${TEST_LOOKUP_KEY}`];
        const res = await rawRequest(t, type ? [...head, type] : head);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.body)).toEqual({ error: 'Email address is required' });
      }
    });

    it('400 "Email address is required" for an empty body, with or without a Content-Type', async () => {
      for (const type of ['application/json', 'text/plain', null]) {
        const req = t.http().post(ROUTE).set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`);
        if (type) req.set('Content-Type', type);
        const res = await req.set('Content-Length', '0').expect(400);
        expect(res.body).toEqual({ error: 'Email address is required' });
      }
    });

    it('415 for a body that is not JSON', async () => {
      const res = await t
        .http()
        .post(ROUTE)
        .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
        .set('Content-Type', 'text/plain')
        .send('email=john.doe@example.com')
        .expect(415);
      expect(res.body).toEqual({ error: 'Content-Type must be application/json' });
    });
  });

  describe('served ahead of Nest, with the same answers as the Nest route', () => {
    // The fast path serves the route as spelled; another spelling (a trailing slash) reaches
    // the Nest route, which runs the same handler.
    const send = (path: string, body: string, headers: Record<string, string>) => {
      const req = t.http().post(path);
      for (const [name, value] of Object.entries(headers)) req.set(name, value);
      return req.send(body);
    };
    const auth = { Authorization: `Bearer ${TEST_LOOKUP_KEY}` };
    const json = { 'Content-Type': 'application/json' };

    it.each([
      ['a member', '{"email":" John.Doe@example.com "}', { ...auth, ...json }],
      ['nobody', '{"email":"nobody@example.com"}', { ...auth, ...json }],
      ['no key', '{"email":"nobody@example.com"}', json],
      ['an invalid email', '{"email":"not-an-email"}', { ...auth, ...json }],
      ['a lone surrogate', '{"email":"\\ud800@example.com"}', { ...auth, ...json }],
      ['an array', '[]', { ...auth, ...json }],
      ['a body that is not JSON', 'email=a@b.org', { ...auth, 'Content-Type': 'text/plain' }],
      ['malformed JSON', '{"email":', { ...auth, ...json }],
    ])('%s', async (_label, body, headers) => {
      const fast = await send(ROUTE, body, headers);
      const nest = await send(`${ROUTE}/`, body, headers);
      expect({ status: fast.status, body: fast.body as unknown }).toEqual({
        status: nest.status,
        body: nest.body as unknown,
      });
      // The same headers too: a request id, helmet's, the throttle's (malformed JSON is refused
      // by the body parser, ahead of both, as before).
      const varying = /^(date|etag|content-length|x-request-id|x-ratelimit-(remaining|reset))$/;
      const shown = (res: { headers: Record<string, string> }) => ({
        requestId: res.headers['x-request-id'] !== undefined,
        ...Object.fromEntries(Object.entries(res.headers).filter(([name]) => !varying.test(name))),
      });
      expect(shown(fast)).toEqual(shown(nest));
      if (fast.status !== 400 || fast.body.error !== 'Malformed JSON body') {
        expect(fast.headers['content-security-policy']).toContain("script-src 'self'");
      }
    });

    it('logs no line per answered lookup, and never the address', async () => {
      const before = t.logs.lines.length;
      await send(ROUTE, '{"email":"john.doe@example.com"}', { ...auth, ...json }).expect(200);
      await send(ROUTE, '{"email":"nobody@example.com"}', { ...auth, ...json }).expect(200);
      expect(t.logs.lines.slice(before)).toEqual([]);
      // A refusal is logged at warn, with its request id and status only.
      await send(ROUTE, '{"email":"john.doe@example.com"}', json).expect(401);
      const refused = t.logs.entries('Lookup request refused').pop();
      expect(refused).toMatchObject({ level: 40, status: 401 });
      expect(t.logs.text).not.toContain('john.doe@example.com');
    });
  });

  describe('failures answer 500 without details', () => {
    it('when Supabase answers an error', async () => {
      t.postgrest.faults.failNext(1, 503);
      const res = await post({ email: 'john.doe@example.com' }).expect(500);
      expect(res.body).toEqual({ error: 'Internal server error' });
    });

    it('when Supabase does not answer, within the configured timeout', async () => {
      t.postgrest.faults.hangNext(1);
      const started = Date.now();
      const res = await post({ email: 'john.doe@example.com' }).expect(500);
      expect(res.body).toEqual({ error: 'Internal server error' });
      // SUPABASE_TIMEOUT_MS is 2 s here; the contract's ceiling is 10 s.
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('when the member database fails', async () => {
      await t.mysql.query('RENAME TABLE members TO members_gone');
      try {
        const res = await post({ email: 'john.doe@example.com' }).expect(500);
        expect(res.body).toEqual({ error: 'Internal server error' });
        expect(JSON.stringify(res.body)).not.toMatch(/members_gone|SELECT|ER_/);
      } finally {
        await t.mysql.query('RENAME TABLE members_gone TO members');
      }
      await post({ email: 'john.doe@example.com' }).expect(200);
    });
  });
});

describe('lookup throttling', () => {
  let t: TestApp;
  const otherKey = 'second-lookup-key-abcdef';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOOKUP_RATE_LIMIT: '3',
        LOOKUP_RATE_WINDOW_MS: '60000',
        LOOKUP_API_KEYS: `${TEST_LOOKUP_KEY},${otherKey}`,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 past the limit, per caller key', async () => {
    const send = (key: string) =>
      t.http().post(ROUTE).set('X-API-Key', key).send({ email: 'nobody@example.com' });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await send(TEST_LOOKUP_KEY).expect(200);
      // The standard names, without a per-throttler suffix.
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
      remaining.push(res.headers['x-ratelimit-remaining']);
      expect(Object.keys(res.headers).filter((name) => name.endsWith('-lookup'))).toEqual([]);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await send(TEST_LOOKUP_KEY).expect(429);
    expect(limited.body).toEqual({ error: 'Too many requests' });
    // Retry-After in seconds: within the 60 s window, and at least 1.
    const retryAfter = limited.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(Object.keys(limited.headers).filter((name) => name.endsWith('-lookup'))).toEqual([]);
    // Another caller has its own budget.
    await send(otherKey).expect(200);
  });

  it('throttles unauthenticated callers by address, so keys cannot be guessed quickly', async () => {
    const guess = (i: number) =>
      t
        .http()
        .post(ROUTE)
        .set('X-Forwarded-For', '203.0.113.9')
        .set('X-API-Key', `guess-${i}`)
        .send({ email: 'a@b.org' });
    for (let i = 0; i < 3; i++) await guess(i).expect(401);
    await guess(99).expect(429);
  });
});
