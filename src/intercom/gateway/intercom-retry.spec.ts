import { isIdempotentIntercomCall, withConnectionRetry } from './intercom-retry';

const BASE = 'https://api.intercom.io';
const reset = () =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });

describe('isIdempotentIntercomCall', () => {
  it.each([
    ['GET', '/contacts/6657add46abd0167d9419cd2'],
    ['GET', '/data_attributes'],
    ['PUT', '/contacts/6657add46abd0167d9419cd2'],
    ['POST', '/contacts/search'],
  ])('may send %s %s twice', (method, path) => {
    expect(isIdempotentIntercomCall(method, `${BASE}${path}`)).toBe(true);
  });

  it.each([
    ['POST', '/conversations/123/reply'], // a note
    ['POST', '/contacts/merge'],
    ['POST', '/contacts'], // a create
    ['POST', '/contacts/6657add46abd0167d9419cd2/archive'],
    ['DELETE', '/conversations/123/tags/456'], // a tag removal
    ['POST', '/data_attributes'],
  ])('never sends %s %s twice', (method, path) => {
    expect(isIdempotentIntercomCall(method, `${BASE}${path}`)).toBe(false);
  });
});

describe('withConnectionRetry', () => {
  it('sends a contact read again after undici’s "other side closed", and a note not', async () => {
    const calls: string[] = [];
    const send = jest.fn((url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      return calls.length === 1 || init.method === 'POST'
        ? Promise.reject(reset())
        : Promise.resolve(new Response('{}', { status: 200 }));
    });
    const retried: string[] = [];
    const retrying = withConnectionRetry(send, (record) => retried.push(record.reason));

    const read = await retrying(`${BASE}/contacts/abc1`, { method: 'GET' });
    expect(read.status).toBe(200);
    expect(retried).toEqual(['connection_reset']);

    await expect(
      retrying(`${BASE}/conversations/1/reply`, { method: 'POST', body: '{}' }),
    ).rejects.toThrow('fetch failed');
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(retried).toEqual(['connection_reset']);
  });

  it('waits out no 503 itself: Intercom’s 5xx go to the inbox, its 429 to the rate limiter', async () => {
    const send = jest.fn(() =>
      Promise.resolve(new Response('', { status: 503, headers: { 'Retry-After': '0' } })),
    );
    const answer = await withConnectionRetry(send)(`${BASE}/contacts/abc1`, { method: 'GET' });
    expect(answer.status).toBe(503);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
