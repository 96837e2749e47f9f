/**
 * The pool watchdog (src/common/database/watch-mysql-pool.ts) on mysql2's real pool, against
 * the real MariaDB behind a TCP proxy that can black-hole connections (dropped silently, as by
 * a NAT): a command without an answer discards its connection, the idle ones go with it, the
 * pool recovers on new connections, and closing the pool never waits on a hung command.
 */
import { createPool, type Pool } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import {
  MysqlCommandTimeoutError,
  watchMysqlPool,
  type DiscardNotice,
  type WatchedPool,
} from '../../../src/common/database/watch-mysql-pool';
import { MYSQL } from '../../support/databases';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { waitFor } from '../../support/wait-for';

jest.setTimeout(30_000);

const TIMEOUT_MS = 400;

describe('watchMysqlPool (real MariaDB behind a proxy)', () => {
  let proxy: TcpProxy;
  let pool: Pool;
  let discarded: DiscardNotice[];

  /** A pool through the proxy, watched with `commandTimeoutMs` and a close grace of 300 ms. */
  const openPool = (commandTimeoutMs: number, { arm = true } = {}) => {
    const opened = createPool({
      host: '127.0.0.1',
      port: proxy.port,
      user: MYSQL.user,
      password: MYSQL.password,
      connectionLimit: 3,
      connectTimeout: 2_000,
    });
    const watched = watchMysqlPool(opened as unknown as WatchedPool, {
      commandTimeoutMs,
      closeGraceMs: 300,
      onDiscarded: (notice) => discarded.push(notice),
    });
    if (arm) watched.arm();
    return opened;
  };
  const run = (on: Pool, sql: string) =>
    new Promise<unknown>((resolve, reject) =>
      on.query(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
    );
  const query = (sql: string) => run(pool, sql);
  /** The server's id of the connection that answers. */
  const connectionId = async () =>
    ((await query('SELECT CONNECTION_ID() AS id')) as Array<{ id: number }>)[0].id;
  /** Opens `count` connections at once, so that the pool holds them idle afterwards. */
  const warm = async (count: number) => {
    await Promise.all(Array.from({ length: count }, () => query('SELECT SLEEP(0.05)')));
    expect(proxy.openConnections()).toBe(count);
  };
  /** What the server is running now, seen through a connection of its own. */
  const serverQueries = async () => {
    const admin = await createConnection(MYSQL);
    try {
      const [rows] = await admin.query('SHOW PROCESSLIST');
      return (rows as Array<{ Info: string | null }>).map((row) => row.Info);
    } finally {
      await admin.end();
    }
  };
  const settle = (work: Promise<unknown>) =>
    work.then(
      () => ({ error: undefined, at: Date.now() }),
      (error: Error) => ({ error, at: Date.now() }),
    );

  beforeEach(async () => {
    proxy = await startTcpProxy({ host: MYSQL.host, port: MYSQL.port });
    discarded = [];
    pool = openPool(TIMEOUT_MS);
  });

  afterEach(async () => {
    await new Promise((resolve) => pool.end(resolve));
    await proxy.close();
  });

  it('a command without an answer fails at the deadline, and its connection and the idle ones are dropped', async () => {
    await warm(3);
    const before = await connectionId();
    proxy.blackHole();

    const started = Date.now();
    const { error, at } = await settle(query('SELECT 1'));
    expect(error).toBeInstanceOf(MysqlCommandTimeoutError);
    expect((error as MysqlCommandTimeoutError).code).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
    expect(at - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(at - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(discarded).toEqual([expect.objectContaining({ reason: 'timeout', idleClosed: 2 })]);

    // Every later command runs on a new connection, which the proxy lets through.
    const after = await connectionId();
    expect(after).not.toBe(before);
    await expect(query('SELECT 2 AS two')).resolves.toEqual([{ two: 2 }]);
    expect(discarded).toHaveLength(1);
  });

  it('a query that answers within the deadline is left alone; past it, the connection is discarded', async () => {
    await expect(query('SELECT SLEEP(0.2) AS slept')).resolves.toEqual([{ slept: 0 }]);
    expect(discarded).toEqual([]);
    const { error } = await settle(query('SELECT SLEEP(2)'));
    expect(error).toBeInstanceOf(MysqlCommandTimeoutError);
    expect(discarded.map((d) => d.reason)).toEqual(['timeout']);
  });

  it('commands that end at once (a prepare answered from the cache) leave their connection alone', async () => {
    const execute = (value: string) =>
      new Promise((resolve, reject) =>
        pool.execute('SELECT ? AS v', [value], (error, rows) =>
          error ? reject(error) : resolve(rows),
        ),
      );
    const first = await connectionId();
    await expect(execute('a')).resolves.toEqual([{ v: 'a' }]);
    await expect(execute('b')).resolves.toEqual([{ v: 'b' }]);
    // Proving that nothing fires takes waiting past every deadline armed above.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 300));
    expect(discarded).toEqual([]);
    expect(await connectionId()).toBe(first);
  });

  it('a connection broken while in use is reported as an error, one lost while idle is not', async () => {
    await warm(2);
    const running = settle(query('SELECT SLEEP(1)'));
    await waitFor(
      async () => (await serverQueries()).includes('SELECT SLEEP(1)'),
      'the query to run on the server',
    );
    proxy.cut();
    const { error } = await running;
    expect((error as { code?: string }).code).toBe('PROTOCOL_CONNECTION_LOST');
    await waitFor(() => discarded.length > 0, 'the discard to be reported', 2_000);
    // The idle one, closed by the same cut (before or after the busy one, as the events come),
    // is not reported as a failure of its own.
    expect(discarded).toEqual([expect.objectContaining({ reason: 'error' })]);
    proxy.restore();
    await expect(query('SELECT 3 AS three')).resolves.toEqual([{ three: 3 }]);
  });

  it('closing the pool does not wait for a command that hangs', async () => {
    // A deadline far beyond the close's grace: the grace is what ends the hung command.
    const patient = openPool(60_000);
    await run(patient, 'SELECT 1');
    proxy.blackHole();
    const hung = settle(run(patient, 'SELECT 1'));
    // The query takes its connection on the next tick: after this, the close's QUIT queues behind it.
    await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    await new Promise<void>((resolve) => patient.end(() => resolve()));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await hung).error).toBeDefined();
  });

  it('before arm() (migrations), commands have no deadline', async () => {
    const unarmed = openPool(100, { arm: false });
    await expect(run(unarmed, 'SELECT SLEEP(0.4) AS slept')).resolves.toEqual([{ slept: 0 }]);
    expect(discarded).toEqual([]);
    await new Promise((resolve) => unarmed.end(resolve));
  });
});
