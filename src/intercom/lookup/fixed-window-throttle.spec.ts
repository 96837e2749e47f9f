import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { FixedWindowThrottle } from './fixed-window-throttle';

function response() {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (name: string, value: string) => (headers[name] = value) };
}

describe('FixedWindowThrottle', () => {
  let throttle: FixedWindowThrottle;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    throttle = new FixedWindowThrottle({ limit: 3, windowMs: 60_000 });
  });
  afterEach(() => {
    throttle.close();
    jest.useRealTimers();
  });

  /** The caller's request: its headers, or 'throttled' with Retry-After. */
  const hit = async (caller: string) => {
    const res = response();
    const refusal = await throttle.hit(caller, res as never).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (refusal === undefined) return res.headers;
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe(ErrorCode.TooManyRequests);
    return { throttled: 'yes', ...res.headers };
  };

  it('allows `limit` requests per window, with the standard headers', async () => {
    expect(await hit('a')).toEqual({
      'X-RateLimit-Limit': '3',
      'X-RateLimit-Remaining': '2',
      'X-RateLimit-Reset': '60',
    });
    jest.advanceTimersByTime(20_500);
    expect(await hit('a')).toMatchObject({
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': '40',
    });
    expect(await hit('a')).toMatchObject({ 'X-RateLimit-Remaining': '0' });
  });

  it('refuses the rest of the window with Retry-After in seconds, then opens a new one', async () => {
    for (let i = 0; i < 3; i++) await hit('a');
    jest.advanceTimersByTime(59_100);
    expect(await hit('a')).toEqual({ throttled: 'yes', 'Retry-After': '1' });
    expect(await hit('a')).toEqual({ throttled: 'yes', 'Retry-After': '1' });
    jest.advanceTimersByTime(900);
    expect(await hit('a')).toMatchObject({
      'X-RateLimit-Remaining': '2',
      'X-RateLimit-Reset': '60',
    });
  });

  it('keeps one budget per caller', async () => {
    for (let i = 0; i < 3; i++) await hit('a');
    expect(await hit('a')).toHaveProperty('throttled');
    expect(await hit('b')).toMatchObject({ 'X-RateLimit-Remaining': '2' });
  });

  it('forgets callers idle for a whole window', async () => {
    await hit('a');
    await hit('b');
    expect(throttle.size).toBe(2);
    jest.advanceTimersByTime(60_000);
    await hit('c');
    jest.advanceTimersByTime(60_000);
    expect(throttle.size).toBe(1);
  });
});
