import type { ConfigType } from '@nestjs/config';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request, Response } from 'express';
import type { apiKeysConfig } from '../../common/config/api-keys.config';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { LookupCompletedEvent } from '../events/intercom.events';
import type { LookupEmailService } from './lookup-email.service';
import { LookupRequestHandler } from './lookup-request.handler';

const KEY = 'lookup-key-0123456789';

function request(options: {
  key?: string;
  ip?: string;
  body?: unknown;
  type?: string;
  length?: string;
}): Request {
  const headers: Record<string, string> = {};
  if (options.key) headers['x-api-key'] = options.key;
  if (options.type) headers['content-type'] = options.type;
  headers['content-length'] = options.length ?? '20';
  return {
    headers,
    ip: options.ip ?? '192.0.2.1',
    body: options.body,
    is: (type: string) => (options.type === type ? type : false),
  } as unknown as Request;
}

function response() {
  const headers: Record<string, string> = {};
  return {
    headers,
    res: {
      setHeader: (name: string, value: string) => (headers[name] = value),
    } as never as Response,
  };
}

describe('LookupRequestHandler', () => {
  let lookup: jest.Mock;
  let emit: jest.Mock;
  let handler: LookupRequestHandler;

  beforeEach(() => {
    lookup = jest.fn().mockResolvedValue({ found: false });
    emit = jest.fn();
    const keys = {
      lookupKeys: [KEY, 'second-key'],
      lookupRateLimit: 2,
      lookupRateWindowMs: 60_000,
      adminKeys: [],
    } as ConfigType<typeof apiKeysConfig>;
    handler = new LookupRequestHandler(
      keys,
      { lookup } as unknown as LookupEmailService,
      { emit } as unknown as EventEmitter2,
    );
  });

  const json = { type: 'application/json' };
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (error: unknown) => (error instanceof AppError ? error.code : error),
    );

  it('looks up the trimmed address, with the throttle headers', async () => {
    const { res, headers } = response();
    await expect(
      handler.handle(request({ key: KEY, body: { email: ' a@example.com ' }, ...json }), res),
    ).resolves.toEqual({ found: false });
    expect(lookup).toHaveBeenCalledWith('a@example.com');
    expect(headers).toMatchObject({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '1' });
    expect(emit).not.toHaveBeenCalled();
  });

  it('refuses in order: throttle, key, content type, body', async () => {
    const body = { email: 'a@example.com' };
    // 401 before 415 and 400: an unknown key learns nothing about the body.
    await expect(
      code(handler.handle(request({ body: 'x', type: 'text/plain' }), response().res)),
    ).resolves.toBe(ErrorCode.Unauthorized);
    // The same address has one request left, then it is throttled, whatever key it guesses.
    await expect(
      code(handler.handle(request({ key: 'guess', body, ...json }), response().res)),
    ).resolves.toBe(ErrorCode.Unauthorized);
    const throttled = response();
    await expect(
      code(handler.handle(request({ key: 'guess2', body, ...json }), throttled.res)),
    ).resolves.toBe(ErrorCode.TooManyRequests);
    expect(throttled.headers['Retry-After']).toMatch(/^\d+$/);
    // A valid key is its own bucket, from any address.
    await expect(
      code(handler.handle(request({ key: KEY, body: 'x', type: 'text/plain' }), response().res)),
    ).resolves.toBe(ErrorCode.UnsupportedMediaType);
    await expect(
      code(handler.handle(request({ key: KEY, body: { email: 'nope' }, ...json }), response().res)),
    ).resolves.toBe(ErrorCode.InvalidEmail);
    await expect(
      code(handler.handle(request({ key: KEY, body, ...json }), response().res)),
    ).resolves.toBe(ErrorCode.TooManyRequests);
    await expect(
      code(handler.handle(request({ key: 'second-key', body: {}, ...json }), response().res)),
    ).resolves.toBe(ErrorCode.EmailRequired);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('reads a request without a body as {}: a 400, not a 415', async () => {
    await expect(
      code(handler.handle(request({ key: KEY, length: '0', type: 'text/plain' }), response().res)),
    ).resolves.toBe(ErrorCode.EmailRequired);
  });

  it('counts refusals of the input as invalid lookups, and nothing else', async () => {
    await code(
      handler.handle(request({ key: KEY, body: { email: 'nope' }, ...json }), response().res),
    );
    await code(handler.handle(request({ key: KEY, body: [], ...json }), response().res));
    await code(handler.handle(request({ key: 'wrong', body: {}, ...json }), response().res));
    expect(emit.mock.calls).toEqual([
      [LookupCompletedEvent.name, new LookupCompletedEvent('invalid')],
      [LookupCompletedEvent.name, new LookupCompletedEvent('invalid')],
    ]);
  });
});
