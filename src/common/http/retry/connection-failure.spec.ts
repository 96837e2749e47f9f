import { connectionFailureOf } from './connection-failure';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** undici's shape: `TypeError: fetch failed` with the socket error as its cause. */
const undici = (cause: Error) => new TypeError('fetch failed', { cause });

describe('connectionFailureOf', () => {
  it.each([
    [
      'node-fetch, read ECONNRESET',
      withCode('request to x failed, reason: read ECONNRESET', 'ECONNRESET'),
    ],
    ['node:http, socket hang up', withCode('socket hang up', 'ECONNRESET')],
    ['a write on a closed socket', withCode('write EPIPE', 'EPIPE')],
    ['undici, other side closed', undici(withCode('other side closed', 'UND_ERR_SOCKET'))],
    ['undici, ECONNRESET', undici(withCode('read ECONNRESET', 'ECONNRESET'))],
    ['a hang-up without a code', new Error('socket hang up')],
  ])('calls %s a reset: the request may have been sent', (_name, error) => {
    expect(connectionFailureOf(error)).toBe('reset');
  });

  it.each([
    ['a refused connection', undici(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))],
    ['a name that does not resolve', withCode('getaddrinfo ENOTFOUND x', 'ENOTFOUND')],
    [
      'undici connect timeout',
      undici(withCode('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT')),
    ],
  ])('calls %s not connected: nothing was sent', (_name, error) => {
    expect(connectionFailureOf(error)).toBe('not_connected');
  });

  it.each([
    ['an abort', new DOMException('This operation was aborted', 'AbortError')],
    ['a timeout', new DOMException('The operation timed out', 'TimeoutError')],
    [
      'an abort that closed the socket',
      Object.assign(withCode('aborted', 'ECONNRESET'), { name: 'AbortError' }),
    ],
    ['a TLS failure', undici(withCode('certificate has expired', 'CERT_HAS_EXPIRED'))],
    ['a value that is not an error', 'ECONNRESET'],
  ])('leaves %s alone', (_name, error) => {
    expect(connectionFailureOf(error)).toBeUndefined();
  });
});
