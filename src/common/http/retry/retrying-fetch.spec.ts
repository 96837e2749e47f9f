import { signalUntil, deadlineOf } from './deadline-signal';
import {
  MAX_RETRY_AFTER_WAITS,
  retryingFetch,
  type RetryableInit,
  type RetryRecord,
} from './retrying-fetch';

type Step = Error | { status: number; retryAfter?: string };

/** A send that plays `steps` in order, one per attempt, and records each attempt. */
function scripted(steps: Step[]) {
  const attempts: RetryableInit[] = [];
  const drained: number[] = [];
  const send = (_url: string, init: RetryableInit) => {
    attempts.push(init);
    const step = steps.shift();
    if (step === undefined) throw new Error('no more steps');
    if (step instanceof Error) return Promise.reject(step);
    const index = attempts.length;
    return Promise.resolve({
      status: step.status,
      headers: {
        get: (name: string) => (name === 'retry-after' ? (step.retryAfter ?? null) : null),
      },
      text: () => {
        drained.push(index);
        return Promise.resolve('');
      },
    });
  };
  return { send, attempts, drained };
}

const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const URL = 'https://example.test/rest/v1/positions';

function policy(overrides: Partial<Parameters<typeof retryingFetch>[1]> = {}) {
  const retries: RetryRecord[] = [];
  const resets: number[] = [];
  return {
    retries,
    resets,
    policy: {
      idempotent: (method: string) => method === 'GET',
      retryAfterStatuses: [503, 429],
      deadline: (init: RetryableInit) => deadlineOf(init.signal),
      onReset: () => resets.push(1),
      onRetry: (record: RetryRecord) => retries.push(record),
      ...overrides,
    },
  };
}

describe('retryingFetch', () => {
  it('sends an idempotent call again at once after a reset, with a fresh connection asked for', async () => {
    const { send, attempts } = scripted([reset(), { status: 200 }]);
    const { policy: p, retries, resets } = policy();
    const started = Date.now();
    const response = await retryingFetch(send, p)(URL, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(attempts).toHaveLength(2);
    expect(resets).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(100);
    expect(retries).toEqual([
      { reason: 'connection_reset', method: 'GET', url: URL, attempt: 1, waitMs: 0 },
    ]);
  });

  it('sends it again only once: a second reset is the caller’s', async () => {
    const { send, attempts } = scripted([reset(), reset(), { status: 200 }]);
    await expect(retryingFetch(send, policy().policy)(URL, { method: 'GET' })).rejects.toThrow(
      'ECONNRESET',
    );
    expect(attempts).toHaveLength(2);
  });

  it('never sends a non-idempotent call again after a reset: it may have been done', async () => {
    const { send, attempts } = scripted([reset(), { status: 200 }]);
    const { policy: p, retries } = policy();
    await expect(retryingFetch(send, p)(URL, { method: 'POST' })).rejects.toThrow('ECONNRESET');
    expect(attempts).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('sends any call again once when the connection was refused: nothing was sent', async () => {
    const { send, attempts } = scripted([refused(), { status: 201 }]);
    const { policy: p, retries, resets } = policy();
    const response = await retryingFetch(send, p)(URL, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(attempts).toHaveLength(2);
    expect(resets).toEqual([]);
    expect(retries[0]).toMatchObject({ reason: 'not_connected', method: 'POST' });
  });

  it('does not retry an error that is no connection failure, nor one whose caller gave up', async () => {
    const timeout = scripted([
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      { status: 200 },
    ]);
    await expect(
      retryingFetch(timeout.send, policy().policy)(URL, { method: 'GET' }),
    ).rejects.toThrow('timed out');
    expect(timeout.attempts).toHaveLength(1);

    const abandoned = scripted([reset(), { status: 200 }]);
    await expect(
      retryingFetch(abandoned.send, policy().policy)(URL, {
        method: 'GET',
        signal: AbortSignal.abort(),
      }),
    ).rejects.toThrow('ECONNRESET');
    expect(abandoned.attempts).toHaveLength(1);
  });

  it('waits out a 503 whose Retry-After fits the deadline, then sends again', async () => {
    const { send, attempts, drained } = scripted([
      { status: 503, retryAfter: '1' },
      { status: 200 },
    ]);
    const { policy: p, retries } = policy();
    const started = Date.now();
    const response = await retryingFetch(send, p)(URL, {
      method: 'GET',
      signal: signalUntil(Date.now() + 5_000),
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(attempts).toHaveLength(2);
    expect(drained).toEqual([1]); // the 503's body was read, freeing its connection
    expect(retries).toEqual([
      { reason: 'retry_after', method: 'GET', url: URL, attempt: 1, waitMs: 1000 },
    ]);
  });

  it('returns the 503 at once when its Retry-After does not fit, or no deadline was given', async () => {
    const late = scripted([{ status: 503, retryAfter: '2' }]);
    const started = Date.now();
    const answer = await retryingFetch(late.send, policy().policy)(URL, {
      method: 'GET',
      signal: signalUntil(Date.now() + 2_000),
    });
    expect(answer.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(100);

    const noDeadline = scripted([{ status: 429, retryAfter: '0' }]);
    const unbounded = await retryingFetch(noDeadline.send, policy().policy)(URL, {
      method: 'GET',
    });
    expect(unbounded.status).toBe(429);
    expect(noDeadline.attempts).toHaveLength(1);
  });

  it('does not wait for a 503 without Retry-After, nor for a non-idempotent call', async () => {
    const bare = scripted([{ status: 503 }]);
    const signal = signalUntil(Date.now() + 5_000);
    expect((await retryingFetch(bare.send, policy().policy)(URL, { signal })).status).toBe(503);
    const post = scripted([{ status: 503, retryAfter: '0' }]);
    const answer = await retryingFetch(post.send, policy().policy)(URL, { method: 'POST', signal });
    expect(answer.status).toBe(503);
    expect(post.attempts).toHaveLength(1);
  });

  it(`waits out at most ${MAX_RETRY_AFTER_WAITS} Retry-After answers`, async () => {
    const steps = Array.from({ length: 6 }, () => ({ status: 503, retryAfter: '0' }));
    const { send, attempts } = scripted(steps);
    const answer = await retryingFetch(send, policy().policy)(URL, {
      signal: signalUntil(Date.now() + 5_000),
    });
    expect(answer.status).toBe(503);
    expect(attempts).toHaveLength(MAX_RETRY_AFTER_WAITS + 1);
  });

  it('stops waiting when the caller aborts', async () => {
    const { send, attempts } = scripted([{ status: 503, retryAfter: '5' }, { status: 200 }]);
    const controller = new AbortController();
    const pending = retryingFetch(send, policy({ deadline: () => Date.now() + 60_000 }).policy)(
      URL,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toHaveLength(1);
  });
});
