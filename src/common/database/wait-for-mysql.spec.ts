import {
  MysqlUnreachableError,
  waitForMysql,
  type MysqlEndpoint,
  type MysqlRetryNotice,
} from './wait-for-mysql';

const ENDPOINT: MysqlEndpoint = {
  host: 'db.internal',
  port: 3307,
  user: 'natca',
  password: 'pw-Secret-123',
  database: 'natca',
};

/** A driver error as mysql2 raises them: a code, and for server answers the server's message. */
function driverError(code: string, sqlMessage?: string): Error {
  return Object.assign(new Error(sqlMessage ?? `connect ${code}`), { code, sqlMessage });
}

/**
 * A fake clock: sleeping and connecting advance it. `outcomes` are the results
 * of the attempts in order; the last one repeats.
 */
function harness(outcomes: Array<Error | 'ok'>, connectMs = 0) {
  let clock = 1_000_000;
  const notices: MysqlRetryNotice[] = [];
  const sleeps: number[] = [];
  const timeouts: number[] = [];
  let calls = 0;
  const options = {
    now: () => clock,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    connect: (endpoint: MysqlEndpoint, timeoutMs: number) => {
      expect(endpoint).toBe(ENDPOINT);
      timeouts.push(timeoutMs);
      const outcome = outcomes[Math.min(calls, outcomes.length - 1)];
      calls += 1;
      clock += connectMs;
      return outcome === 'ok' ? Promise.resolve() : Promise.reject(outcome);
    },
    onRetry: (notice: MysqlRetryNotice) => notices.push(notice),
  };
  return { options, notices, sleeps, timeouts, calls: () => calls };
}

async function failure(work: Promise<unknown>): Promise<MysqlUnreachableError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MysqlUnreachableError);
  return error as MysqlUnreachableError;
}

describe('waitForMysql', () => {
  it('resolves at the first attempt when MySQL answers, without a retry notice', async () => {
    const h = harness(['ok']);
    await expect(waitForMysql(ENDPOINT, { budgetMs: 60_000, ...h.options })).resolves.toEqual({
      attempts: 1,
      elapsedMs: 0,
    });
    expect(h.notices).toEqual([]);
    expect(h.sleeps).toEqual([]);
  });

  it('retries with doubling waits capped at 5 s, and never past the budget', async () => {
    const h = harness([driverError('ECONNREFUSED')]);
    const error = await failure(waitForMysql(ENDPOINT, { budgetMs: 20_000, ...h.options }));

    // 0.5 + 1 + 2 + 4 + 5 + 5 = 17.5 s, then the 2.5 s left of the budget.
    expect(h.sleeps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 2500]);
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(error).toMatchObject({
      host: 'db.internal',
      port: 3307,
      code: 'ECONNREFUSED',
      attempts: 8,
      elapsedMs: 20_000,
      permanent: false,
    });
    expect(error.message).toBe('MySQL at db.internal:3307 is not reachable (ECONNREFUSED)');
  });

  it('tells of each retried attempt: host, port, attempt number, next wait, code', async () => {
    const h = harness([driverError('ECONNREFUSED')], 10);
    await failure(waitForMysql(ENDPOINT, { budgetMs: 3_000, ...h.options }));

    expect(h.notices).toEqual([
      {
        host: 'db.internal',
        port: 3307,
        attempt: 1,
        nextWaitMs: 500,
        elapsedMs: 10,
        code: 'ECONNREFUSED',
      },
      {
        host: 'db.internal',
        port: 3307,
        attempt: 2,
        nextWaitMs: 1000,
        elapsedMs: 520,
        code: 'ECONNREFUSED',
      },
      {
        host: 'db.internal',
        port: 3307,
        attempt: 3,
        nextWaitMs: 1470,
        elapsedMs: 1530,
        code: 'ECONNREFUSED',
      },
    ]);
    // The last attempt that fails is not "retrying": it throws instead.
    expect(h.calls()).toBe(4);
  });

  it('resolves once MySQL answers, with the number of attempts it took', async () => {
    const h = harness([driverError('ECONNREFUSED'), driverError('ETIMEDOUT'), 'ok']);
    await expect(waitForMysql(ENDPOINT, { budgetMs: 60_000, ...h.options })).resolves.toEqual({
      attempts: 3,
      elapsedMs: 1500,
    });
    expect(h.notices.map((n) => n.code)).toEqual(['ECONNREFUSED', 'ETIMEDOUT']);
  });

  it('gives each attempt what is left of the budget as its connect timeout, within 2 to 10 s', async () => {
    const h = harness([driverError('ETIMEDOUT')]);
    await failure(waitForMysql(ENDPOINT, { budgetMs: 12_000, ...h.options }));
    // Left at each start: 12 s (capped to 10), 11.5, 10.5, 8.5, 4.5, then 0 (raised to 2).
    expect(h.timeouts).toEqual([10_000, 10_000, 10_000, 8_500, 4_500, 2_000]);
  });

  it('tries exactly once with a budget of 0', async () => {
    const h = harness([driverError('ECONNREFUSED')]);
    const error = await failure(waitForMysql(ENDPOINT, { budgetMs: 0, ...h.options }));
    expect(h.calls()).toBe(1);
    expect(h.timeouts).toEqual([2_000]);
    expect(h.notices).toEqual([]);
    expect(error).toMatchObject({ attempts: 1, permanent: false });
  });

  it.each([
    ['ER_ACCESS_DENIED_ERROR', "Access denied for user 'natca'@'10.0.0.7' (using password: YES)"],
    ['ER_BAD_DB_ERROR', "Unknown database 'natca'"],
  ])('stops at once on %s, which waiting cannot cure', async (code, sqlMessage) => {
    const h = harness([driverError(code, sqlMessage)]);
    const error = await failure(waitForMysql(ENDPOINT, { budgetMs: 60_000, ...h.options }));
    expect(h.calls()).toBe(1);
    expect(h.notices).toEqual([]);
    expect(error).toMatchObject({ code, serverMessage: sqlMessage, permanent: true });
    expect(error.message).toBe(
      `MySQL at db.internal:3307 refused the connection (${code}: ${sqlMessage})`,
    );
  });

  it('never repeats the password, even if a server message held it', async () => {
    const h = harness([driverError('ER_ACCESS_DENIED_ERROR', `bad password pw-Secret-123`)]);
    const error = await failure(waitForMysql(ENDPOINT, { budgetMs: 0, ...h.options }));
    expect(error.message).not.toContain(ENDPOINT.password);
    expect(error.serverMessage).toBe('bad password [redacted]');
  });

  it('names an error without a driver code by its class', async () => {
    const h = harness([new TypeError('boom')]);
    const error = await failure(waitForMysql(ENDPOINT, { budgetMs: 0, ...h.options }));
    expect(error.code).toBe('TypeError');
  });
});
