import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import nodeFetch, { type RequestInit as NodeFetchInit } from 'node-fetch';

/** A fetch over pooled keep-alive connections, and a way to close the idle ones. */
export interface KeepAliveTransport {
  fetch: typeof fetch;
  /**
   * Closes every pooled connection that is idle (none in use is touched). After one idle
   * connection was found reset by a gateway, the others, idle as long or longer, likely are too:
   * the next request then opens a fresh one instead of meeting them.
   */
  dropIdleConnections(): void;
}

/**
 * What supabase-js sends with: node-fetch over node:http(s) agents that keep connections open.
 * Why not Node's built-in fetch: per positions read it cost about 1.5× the CPU of node-fetch on
 * this service's machines (undici's WHATWG streams), on the lookup route's critical path
 * (BENCHMARKS.md, "Findings of the earlier harness").
 */
export function keepAliveFetch(limits: {
  /** Open connections per origin at most; more requests queue in the agent. */
  maxSockets: number;
  /**
   * An idle connection closes after this long, so that one the server or a proxy on the way
   * has already dropped is rarely picked for the next request.
   */
  idleTimeoutMs: number;
}): KeepAliveTransport {
  const options = { keepAlive: true, maxSockets: limits.maxSockets, timeout: limits.idleTimeoutMs };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  const agent = (url: URL): HttpAgent => (url.protocol === 'https:' ? https : http);
  const fetchWithAgent = (input: string | URL, init?: NodeFetchInit) =>
    nodeFetch(input.toString(), { ...init, agent });
  return {
    // node-fetch's Response is the subset of WHATWG's that supabase-js reads.
    fetch: fetchWithAgent as unknown as typeof fetch,
    dropIdleConnections() {
      // The agent forgets a socket when it closes; in-use sockets are not in freeSockets.
      for (const pool of [http, https]) {
        for (const sockets of Object.values(pool.freeSockets)) {
          for (const socket of sockets ?? []) socket.destroy();
        }
      }
    },
  };
}
