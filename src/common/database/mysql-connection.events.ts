/**
 * The database module's events: emitted with EventEmitter2 under the class name
 * (`events.emit(X.name, new X(…))`), listened to with `@OnEvent(X.name)`.
 */

/**
 * A pooled MySQL connection failed while in use and was discarded, with the
 * pool's idle connections (`idleClosed`), which went through the same network.
 * `reason`: `timeout` when a command had no answer within MYSQL_QUERY_TIMEOUT_MS
 * (a connection the network dropped silently), `error` when the connection broke
 * (ECONNRESET, PROTOCOL_CONNECTION_LOST, …).
 */
export class MysqlConnectionDiscardedEvent {
  constructor(
    readonly reason: 'timeout' | 'error',
    readonly idleClosed: number,
  ) {}
}
