import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createAuthorizationProbe, createAuthorizedFetch } from './authorized-fetch';
import { IntercomAuthorization } from './intercom-authorization';
import {
  IntercomAuthorizationPausedEvent,
  IntercomAuthorizationResumedEvent,
} from './intercom-authorization.events';
import type { SendFunction } from './intercom-fetcher';

const PROBE_MS = 60_000;

const refusal = (status: 401 | 403) =>
  new Response(
    JSON.stringify({
      type: 'error.list',
      errors: [
        { code: status === 401 ? 'unauthorized' : 'forbidden', message: 'Access Token Invalid' },
      ],
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );
const ok = () =>
  new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });

/** Lets every settled promise run its continuations (reading a body takes a few turns). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('createAuthorizedFetch and IntercomAuthorization', () => {
  let token: 'revoked' | 'forbidden' | 'good';
  let sent: string[];
  let probes: number;
  let events: Array<IntercomAuthorizationPausedEvent | IntercomAuthorizationResumedEvent>;
  let errors: unknown[];
  let infos: unknown[];
  let authorization: IntercomAuthorization;
  let fetch: SendFunction;

  const answerFor = (): Response =>
    token === 'good' ? ok() : refusal(token === 'revoked' ? 401 : 403);

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    token = 'good';
    sent = [];
    probes = 0;
    events = [];
    errors = [];
    infos = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(m));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void infos.push(m));
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const emitter = new EventEmitter2();
    emitter.onAny((_name, event) => events.push(event as IntercomAuthorizationPausedEvent));
    const send: SendFunction = (url) => {
      sent.push(new URL(url).pathname);
      return Promise.resolve(answerFor());
    };
    authorization = new IntercomAuthorization({
      probeIntervalMs: PROBE_MS,
      events: emitter,
      probe: createAuthorizationProbe(
        (url, init) => {
          probes += 1;
          // The probe carries the token, and only the probe's own fetch sees it.
          expect(new Headers(init.headers).get('authorization')).toBe('Bearer secret-token');
          return send(url, init);
        },
        { baseUrl: 'https://intercom.test', token: 'secret-token', version: '2.11' },
      ),
    });
    fetch = createAuthorizedFetch(send, authorization);
  });

  afterEach(() => {
    authorization.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('passes answers through while Intercom accepts the token', async () => {
    const response = await fetch('https://intercom.test/contacts/1', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(authorization.authorized).toBe(true);
    expect(sent).toEqual(['/contacts/1']);
  });

  it('a 401 pauses every call, probes once per interval, and resumes them all when a probe succeeds', async () => {
    token = 'revoked';
    const first = fetch('https://intercom.test/contacts/1', { method: 'GET' });
    await settle();
    expect(authorization.authorized).toBe(false);
    expect(authorization.refusal).toMatchObject({ status: 401, code: 'unauthorized' });

    // Calls made while paused wait; nothing is sent for them.
    const second = fetch('https://intercom.test/contacts/2', { method: 'PUT' });
    await settle();
    expect(sent).toEqual(['/contacts/1']);

    // Still revoked at the first probe: one GET /me, nothing else.
    await jest.advanceTimersByTimeAsync(PROBE_MS);
    expect(sent).toEqual(['/contacts/1', '/me']);
    expect(authorization.authorized).toBe(false);
    await jest.advanceTimersByTimeAsync(PROBE_MS - 1);
    expect(probes).toBe(1);

    token = 'good';
    await jest.advanceTimersByTimeAsync(1);
    expect(probes).toBe(2);
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(authorization.authorized).toBe(true);
    // The refused call was sent again, the waiting one once.
    expect(sent.filter((p) => p === '/contacts/1')).toHaveLength(2);
    expect(sent.filter((p) => p === '/contacts/2')).toHaveLength(1);

    // One error log per pause, one log when it ends, and neither holds the token.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      status: 401,
      code: 'unauthorized',
      endpoint: '/contacts/{id}',
    });
    expect(infos).toEqual([expect.objectContaining({ msg: expect.stringMatching(/resumed/) })]);
    expect(JSON.stringify([errors, infos])).not.toContain('secret-token');
    expect(events.map((e) => e.constructor)).toEqual([
      IntercomAuthorizationPausedEvent,
      IntercomAuthorizationResumedEvent,
    ]);
    expect(authorization.pauses).toBe(1);
  });

  it('many calls refused at once make one pause, not one per call', async () => {
    token = 'revoked';
    const calls = [1, 2, 3, 4, 5].map((n) =>
      fetch(`https://intercom.test/contacts/${n}`, { method: 'GET' }),
    );
    await settle();
    expect(errors).toHaveLength(1);
    expect(authorization.pauses).toBe(1);
    token = 'good';
    await jest.advanceTimersByTimeAsync(PROBE_MS);
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('a refusal of a call sent before a probe proved the token good does not pause again', async () => {
    token = 'revoked';
    let releaseSlow!: () => void;
    const slowSend: SendFunction = async (url) => {
      sent.push(new URL(url).pathname);
      const answer = answerFor();
      await new Promise<void>((resolve) => (releaseSlow = resolve));
      return answer;
    };
    const slow = createAuthorizedFetch(slowSend, authorization)(
      'https://intercom.test/contacts/9',
      {
        method: 'GET',
      },
    );
    await settle();
    const opener = fetch('https://intercom.test/contacts/1', { method: 'GET' });
    await settle();
    token = 'good';
    await jest.advanceTimersByTimeAsync(PROBE_MS);
    expect(authorization.authorized).toBe(true);
    expect((await opener).status).toBe(200);

    // The slow call's 401 arrives after the resume: it is sent again, nothing pauses.
    releaseSlow();
    await settle();
    releaseSlow();
    expect((await slow).status).toBe(200);
    expect(authorization.pauses).toBe(1);
  });

  it('a 403 that comes back after a successful probe is the call’s own missing scope: returned, no second pause', async () => {
    const scoped: SendFunction = (url) => {
      sent.push(new URL(url).pathname);
      return Promise.resolve(url.endsWith('/data_attributes') ? refusal(403) : ok());
    };
    const call = createAuthorizedFetch(scoped, authorization)(
      'https://intercom.test/data_attributes',
      { method: 'POST' },
    );
    await settle();
    expect(authorization.refusal).toMatchObject({ status: 403, code: 'forbidden' });
    await jest.advanceTimersByTimeAsync(PROBE_MS);
    expect((await call).status).toBe(403);
    expect(authorization.authorized).toBe(true);
    expect(authorization.pauses).toBe(1);
  });

  it('stops probing at shutdown', async () => {
    token = 'revoked';
    void fetch('https://intercom.test/contacts/1', { method: 'GET' });
    await settle();
    authorization.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(PROBE_MS * 3);
    expect(probes).toBe(0);
  });
});
