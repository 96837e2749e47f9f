/**
 * What mysql2's pool does not do by itself against a network that forgets connections
 * without closing them (docs/reference.md, "Delivery guarantees and safety"; NATs, load
 * balancers and database proxies drop idle TCP connections silently, so a query sent on one
 * gets no answer and the socket is never closed):
 *
 * - **Command deadline.** A command (query, prepared statement, ping, quit) that has no answer
 *   within `commandTimeoutMs` destroys its connection's socket with a MysqlCommandTimeoutError:
 *   mysql2 then fails that command and any queued behind it, and drops the connection from the
 *   pool, so it is never handed out again. mysql2's own `timeout` option answers the caller but
 *   puts the still-busy connection back into the pool, where every later command queues behind
 *   the lost one.
 * - **Suspect idle connections.** When a connection in use fails (that deadline, ECONNRESET,
 *   PROTOCOL_CONNECTION_LOST…), the pool's idle connections went through the same network and
 *   are closed too: the next command, and a retry of an idempotent read (retryOnConnectionLoss),
 *   gets a new connection instead of the next dead one. A connection lost while idle (the
 *   server's `wait_timeout`) only drops itself, as mysql2 does.
 * - **Bounded close.** `pool.end()` queues a QUIT behind whatever each connection is doing; a
 *   connection that has not finished `closeGraceMs` later is destroyed, so a shutdown never
 *   waits on a database that hangs.
 *
 * Cost: one timer per command, armed when mysql2 queues it and cleared when it ends: no extra round
 * trip. The watchdog relies on mysql2 3.x internals (each connection's `addCommand` and `stream`, the
 * pool's `_allConnections`/`_freeConnections` queues), exercised against the real MariaDB by
 * test/integration/database/watch-mysql-pool.int-spec.ts.
 */
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/** A command of a pooled connection that got no answer in time; its connection is gone. */
export class MysqlCommandTimeoutError extends Error {
  /** mysql2's code for its own (non-destroying) query timeout. */
  readonly code = 'PROTOCOL_SEQUENCE_TIMEOUT';
  readonly fatal = true;

  constructor(readonly timeoutMs: number) {
    super(`MySQL gave no answer within ${timeoutMs} ms; the connection was discarded`);
    this.name = 'MysqlCommandTimeoutError';
  }
}

/** A connection still busy when the pool closed, destroyed after the close's grace period. */
export class MysqlPoolClosedError extends Error {
  readonly code = 'PROTOCOL_CONNECTION_LOST';
  readonly fatal = true;

  constructor(readonly graceMs: number) {
    super(`MySQL connection still busy ${graceMs} ms after the pool closed; destroyed`);
    this.name = 'MysqlPoolClosedError';
  }
}

/** The server (or something on the way) closed a connection that had commands pending. */
class ServerClosedError extends Error {
  readonly code = 'PROTOCOL_CONNECTION_LOST';

  constructor() {
    super('Connection lost: the server closed the connection');
    this.name = 'ServerClosedError';
  }
}

/** Why a pooled connection was discarded. */
export type DiscardReason = 'timeout' | 'error';

export interface DiscardNotice {
  reason: DiscardReason;
  /** The error that ended the connection (a MysqlCommandTimeoutError for `timeout`). */
  error: Error;
  /** Idle connections closed with it. */
  idleClosed: number;
}

export interface PoolWatchOptions {
  /** Longest wait for one command's answer, in ms. */
  commandTimeoutMs: number;
  /** How long `pool.end()` lets busy connections finish before destroying them, in ms. */
  closeGraceMs: number;
  /** Called once per connection discarded while in use. */
  onDiscarded(notice: DiscardNotice): void;
}

export interface PoolWatch {
  /** Starts the command deadline (commands queued before are not bounded: migrations). */
  arm(): void;
}

/** The parts of mysql2's Connection this watchdog uses. */
interface WatchedConnection extends EventEmitter {
  stream: Socket;
  addCommand(command: EventEmitter): EventEmitter;
  destroy(): void;
}

/** mysql2's ring queue. */
interface ConnectionQueue {
  length: number;
  get(index: number): WatchedConnection;
}

/** The parts of mysql2's Pool this watchdog uses. */
export interface WatchedPool extends EventEmitter {
  _allConnections: ConnectionQueue;
  _freeConnections: ConnectionQueue;
  end(callback?: (error?: Error | null) => void): void;
}

const WATCHED = Symbol('natca.mysqlPoolWatch');

function snapshot(queue: ConnectionQueue): WatchedConnection[] {
  return Array.from({ length: queue.length }, (_, index) => queue.get(index));
}

/** Installs the deadline, the idle check and the bounded close on `pool`; idempotent. */
export function watchMysqlPool(pool: WatchedPool, options: PoolWatchOptions): PoolWatch {
  const marked = pool as WatchedPool & { [WATCHED]?: PoolWatch };
  if (marked[WATCHED]) return marked[WATCHED];
  let armed = false;

  const closeIdle = (): number => {
    const idle = snapshot(pool._freeConnections);
    for (const connection of idle) {
      connection.destroy(); // out of the pool, QUIT…
      connection.stream.destroy(); // …and the socket freed now: the network may not answer
    }
    return idle.length;
  };

  const watch = (connection: WatchedConnection): void => {
    if ((connection as { [WATCHED]?: true })[WATCHED]) return;
    (connection as { [WATCHED]?: true })[WATCHED] = true;
    let pending = 0;
    let failed = false;
    const addCommand = connection.addCommand.bind(connection);
    connection.addCommand = (command) => {
      // A connection that failed already answers at once with mysql2's closed-state error.
      if (!armed || failed) return addCommand(command);
      pending += 1;
      const timer = setTimeout(() => {
        if (failed || connection.stream.destroyed) return;
        // Through the socket's error path, as a network error: mysql2 fails the commands,
        // marks the connection fatal and drops it from the pool.
        connection.stream.destroy(new MysqlCommandTimeoutError(options.commandTimeoutMs));
      }, options.commandTimeoutMs);
      timer.unref();
      // Before adding it: a command that needs no answer (a cached prepare, QUIT) ends
      // inside addCommand.
      command.once('end', () => {
        pending -= 1;
        clearTimeout(timer);
      });
      return addCommand(command);
    };
    const lost = (error: Error): void => {
      if (failed) return;
      failed = true;
      // Lost while idle (wait_timeout), or closed by the shutdown: nothing else is suspect.
      if (error instanceof MysqlPoolClosedError) return;
      if (pending === 0 && !(error instanceof MysqlCommandTimeoutError)) return;
      const reason: DiscardReason = error instanceof MysqlCommandTimeoutError ? 'timeout' : 'error';
      options.onDiscarded({ reason, error, idleClosed: closeIdle() });
    };
    // A network error or a deadline: 'error'. The server closing the connection: 'end' (mysql2
    // then fails the commands without an 'error' on a connection already out of the pool).
    connection.on('error', lost);
    connection.on('end', () => lost(new ServerClosedError()));
  };

  for (const connection of snapshot(pool._allConnections)) watch(connection);
  pool.on('connection', watch);

  const end = pool.end.bind(pool);
  pool.end = (callback) => {
    const busy = snapshot(pool._allConnections);
    end(callback);
    setTimeout(() => {
      for (const connection of busy) {
        if (!connection.stream.destroyed)
          connection.stream.destroy(new MysqlPoolClosedError(options.closeGraceMs));
      }
    }, options.closeGraceMs).unref();
  };

  marked[WATCHED] = {
    arm() {
      armed = true;
    },
  };
  return marked[WATCHED];
}
