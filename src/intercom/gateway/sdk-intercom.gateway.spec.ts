import { Logger } from '@nestjs/common';
import { IntercomClient } from 'intercom-client';
import { withBatchPriority } from './call-priority';
import type { RefusedAttributeRecord } from './intercom-call.observer';
import { createIntercomFetcher, type SendFunction } from './intercom-fetcher';
import { IntercomTransientError } from './intercom.errors';
import { RateLimiter, type Clock } from './rate-limiter';
import { SdkIntercomGateway } from './sdk-intercom.gateway';
import { createThrottledFetch, type IntercomCallRecord } from './throttled-fetch';

/** A clock whose sleeps pass at once and move time forward: waits are measured, not spent. */
class InstantClock implements Clock {
  time = Date.UTC(2026, 0, 1);
  slept: number[] = [];
  now = () => this.time;
  sleep = (ms: number) => {
    this.slept.push(ms);
    this.time += ms;
    return Promise.resolve();
  };
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Script = (sent: Sent) => Response | 'hang';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const contactBody = (id: string, attributes: Record<string, unknown> = {}) => ({
  type: 'contact',
  id,
  role: 'user',
  email: 'jane@example.com',
  custom_attributes: attributes,
  created_at: 1,
});

const errorList = (code: string, message: string) => ({
  type: 'error.list',
  request_id: 'r',
  errors: [{ code, message }],
});

describe('SdkIntercomGateway over intercom-client 7, the service fetcher and the throttled fetch', () => {
  let sent: Sent[];
  let answers: Script[];
  let calls: IntercomCallRecord[];
  let missing: RefusedAttributeRecord[];
  let clock: InstantClock;

  const gateway = (timeoutMs = 1000) => {
    const fake: SendFunction = (url, init) => {
      const request: Sent = {
        method: init.method ?? 'GET',
        url,
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      sent.push(request);
      const answer = (answers.shift() ?? (() => json(200, {})))(request);
      if (answer !== 'hang') return Promise.resolve(answer);
      return new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    };
    const client = new IntercomClient({
      token: 'test-token',
      baseUrl: 'http://intercom.test',
      version: '2.11',
      fetcher: createIntercomFetcher(
        createThrottledFetch({
          limiter: new RateLimiter({ windowMs: 10_000, ceiling: 100 }, clock),
          timeoutMs,
          clock,
          fetch: fake,
          onCall: (call) => calls.push(call),
        }),
      ),
    });
    return new SdkIntercomGateway(client, {
      timeoutMs,
      onRefusedAttribute: (record) => missing.push(record),
    });
  };

  beforeEach(() => {
    sent = [];
    answers = [];
    calls = [];
    missing = [];
    clock = new InstantClock();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends Intercom-Version 2.11 and the bearer token, and the body the contract names', async () => {
    answers.push(() => json(200, contactBody('c1', { member_number: '12345' })));
    const contact = await gateway().updateContact('c1', {
      customAttributes: { member_number: '12345' },
      phone: '+17654657031',
    });
    expect(contact).toMatchObject({ id: 'c1', customAttributes: { member_number: '12345' } });
    expect(sent).toEqual([
      expect.objectContaining({
        method: 'PUT',
        url: 'http://intercom.test/contacts/c1',
        headers: expect.objectContaining({
          'intercom-version': '2.11',
          authorization: 'Bearer test-token',
        }),
        body: { custom_attributes: { member_number: '12345' }, phone: '+17654657031' },
      }),
    ]);
    expect(calls).toEqual([expect.objectContaining({ endpoint: '/contacts/{id}', status: 200 })]);
  });

  it('writes the other attributes when the workspace lacks one, and reports it', async () => {
    answers.push(() =>
      json(400, errorList('parameter_invalid', "Custom attribute 'facility' does not exist")),
    );
    answers.push(() => json(200, contactBody('c1')));
    await gateway().updateContact('c1', {
      customAttributes: { member_number: '1', facility: 'ZAU', region: 'GL' },
    });
    expect(sent.map((request) => request.body)).toEqual([
      { custom_attributes: { member_number: '1', facility: 'ZAU', region: 'GL' } },
      { custom_attributes: { member_number: '1', region: 'GL' } },
    ]);
    expect(missing).toEqual([
      {
        attribute: 'facility',
        reason: 'unknown_attribute',
        operation: 'PUT contact',
        contactId: 'c1',
      },
    ]);
  });

  it('does the same for a create, one attribute after the other', async () => {
    for (const name of ['region', 'facility']) {
      answers.push(() =>
        json(400, errorList('parameter_invalid', `Custom attribute '${name}' does not exist`)),
      );
    }
    answers.push(() => json(200, contactBody('new')));
    await gateway().createContact({
      role: 'user',
      email: 'jane@example.com',
      customAttributes: { member_number: '1', facility: 'ZAU', region: 'GL' },
    });
    expect(sent.at(-1)?.body).toEqual({
      role: 'user',
      email: 'jane@example.com',
      custom_attributes: { member_number: '1' },
    });
    expect(missing.map((m) => m.attribute)).toEqual(['region', 'facility']);
  });

  it('does not loop when Intercom names an attribute the write did not send', async () => {
    answers.push(() =>
      json(400, errorList('parameter_invalid', "Custom attribute 'other' does not exist")),
    );
    await expect(
      gateway().updateContact('c1', { customAttributes: { member_number: '1' } }),
    ).rejects.toMatchObject({ name: 'IntercomUnknownAttributeError', attribute: 'other' });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['without any rate headers', {}],
    ['with a reset in the past', { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1' }],
  ])('waits out a 429 %s for one second, then succeeds', async (_what, headers) => {
    answers.push(() => json(429, errorList('rate_limit_exceeded', 'Rate Limit Exceeded'), headers));
    answers.push(() => json(200, contactBody('c1')));
    await expect(gateway().getContact('c1')).resolves.toMatchObject({ id: 'c1' });
    expect(sent).toHaveLength(2);
    expect(clock.slept).toEqual([1000]);
  });

  it('waits until the announced reset when it lies ahead', async () => {
    const reset = Math.ceil(clock.time / 1000) + 5;
    answers.push(() =>
      json(429, errorList('rate_limit_exceeded', 'Rate Limit Exceeded'), {
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(reset),
      }),
    );
    answers.push(() => json(200, contactBody('c1')));
    const started = clock.time;
    await gateway().getContact('c1');
    expect(clock.time - started).toBe(reset * 1000 - started);
  });

  it('holds the next call until the reset after an answer with X-RateLimit-Remaining: 0', async () => {
    const reset = Math.ceil(clock.time / 1000) + 5;
    const spent = { 'X-RateLimit-Limit': '1666', 'X-RateLimit-Remaining': '0' };
    answers.push(() =>
      json(200, contactBody('c1'), { ...spent, 'X-RateLimit-Reset': String(reset) }),
    );
    answers.push(() => json(200, contactBody('c2')));
    const intercom = gateway();
    await intercom.getContact('c1');
    const answeredAt = clock.time;
    await intercom.getContact('c2');
    expect(sent).toHaveLength(2);
    expect(calls[1].rateLimitWaitMs).toBe(reset * 1000 - answeredAt);
  });

  it('gives a 429 that does not end back to the inbox as transient', async () => {
    for (let i = 0; i < 4; i++) answers.push(() => json(429, {}));
    await expect(gateway().getContact('c1')).rejects.toBeInstanceOf(IntercomTransientError);
    expect(sent).toHaveLength(4);
  });

  it('times a call out from when it leaves, as a transient error', async () => {
    answers.push(() => 'hang');
    await expect(gateway(30).getContact('c1')).rejects.toThrow(
      new IntercomTransientError('GET contact: no answer within 30 ms'),
    );
    expect(calls).toEqual([expect.objectContaining({ status: 0 })]);
  });

  it('classifies an archived-style 409 on create', async () => {
    answers.push(() =>
      json(
        409,
        errorList(
          'conflict',
          'An archived contact matching those details already exists with id=6657aaa',
        ),
      ),
    );
    await expect(
      gateway().createContact({ role: 'user', email: 'jane@example.com', customAttributes: {} }),
    ).rejects.toMatchObject({
      name: 'IntercomConflictError',
      existingId: '6657aaa',
      archived: true,
    });
  });

  it('lists and creates contact data attributes (name and model reach the wire)', async () => {
    answers.push(() =>
      json(200, {
        type: 'list',
        data: [
          {
            type: 'data_attribute',
            name: 'member_number',
            full_name: 'custom_attributes.member_number',
            label: 'member_number',
            data_type: 'string',
            model: 'contact',
            custom: true,
            archived: false,
          },
        ],
      }),
    );
    answers.push(() =>
      json(200, {
        type: 'data_attribute',
        name: 'facility',
        full_name: 'custom_attributes.facility',
        label: 'facility',
        data_type: 'string',
        model: 'contact',
        custom: true,
      }),
    );
    const intercom = gateway();
    await expect(intercom.listContactAttributes()).resolves.toEqual([
      {
        name: 'member_number',
        model: 'contact',
        dataType: 'string',
        custom: true,
        archived: false,
        options: [],
      },
    ]);
    await intercom.createContactAttribute({ name: 'facility', description: 'Facility code' });
    expect(sent[0].url).toBe(
      'http://intercom.test/data_attributes?model=contact&include_archived=true',
    );
    expect(sent[1]).toMatchObject({
      method: 'POST',
      body: {
        name: 'facility',
        model: 'contact',
        data_type: 'string',
        description: 'Facility code',
      },
    });
  });

  it('queues the calls of batch work as batch, through the SDK, and the rest as interactive', async () => {
    const acquire = jest.spyOn(RateLimiter.prototype, 'acquire');
    const intercom = gateway();
    await withBatchPriority(() => intercom.getContact('c1'));
    await intercom.getContact('c2');
    expect(acquire.mock.calls).toEqual([['batch'], ['interactive']]);
  });
});
