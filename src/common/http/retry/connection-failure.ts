/**
 * What a failed HTTP send says about the request it carried (docs/reference.md, "Delivery
 * guarantees and safety"):
 *  - `reset`: the connection broke after the request may have been written: a keep-alive
 *    socket that a gateway or load balancer closed while it sat idle (`ECONNRESET`, `EPIPE`,
 *    node:http's "socket hang up", undici's "other side closed" / `UND_ERR_SOCKET`). Safe to
 *    send again only when the call is idempotent: the server may have acted on it.
 *  - `not_connected`: no connection was made, so nothing was sent (`ECONNREFUSED`, a name that
 *    did not resolve, undici's connect timeout). Safe to send again for any call.
 *  - `undefined`: anything else (a timeout, an abort, a TLS or protocol error): not retried here.
 *
 * The codes are looked for on the error and its `cause` chain: undici wraps them in
 * `TypeError: fetch failed`, node-fetch copies them onto its `FetchError`.
 */
export type ConnectionFailure = 'reset' | 'not_connected';

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const RESET_MESSAGES = ['socket hang up', 'other side closed'];
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Causes are followed this deep at most (a cycle cannot loop). */
const MAX_CAUSES = 5;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** By shape, not `instanceof Error`: undici's errors come from Node's own realm (and Jest has another). */
export function connectionFailureOf(error: unknown): ConnectionFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current; depth++) {
    const { name, message, code, cause } = current as ErrorLike;
    // An abort (the caller's deadline or the time limit) is never a connection failure,
    // even when the abort itself closed the socket.
    if (name === 'AbortError' || name === 'TimeoutError') return undefined;
    if (typeof code === 'string') {
      if (RESET_CODES.has(code)) return 'reset';
      if (NOT_CONNECTED_CODES.has(code)) return 'not_connected';
    }
    if (typeof message === 'string' && RESET_MESSAGES.some((text) => message.includes(text))) {
      return 'reset';
    }
    current = cause;
  }
  return undefined;
}
