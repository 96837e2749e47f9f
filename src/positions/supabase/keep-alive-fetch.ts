import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import nodeFetch, { type RequestInit as NodeFetchInit } from 'node-fetch';

/**
 * The fetch supabase-js is given: node-fetch over node:http(s) agents that
 * keep connections open. Why not Node's built-in fetch: per positions read it
 * cost about 1.5× the CPU of node-fetch on this service's machines (undici's
 * WHATWG streams), on the lookup route's critical path (BENCHMARKS.md,
 * bench/experiments/fetch-client.ts).
 */
export function keepAliveFetch(limits: {
  /** Open connections per origin at most; more requests queue in the agent. */
  maxSockets: number;
  /**
   * An idle connection closes after this long, so that one the server or a proxy on the way
   * has already dropped is rarely picked for the next request.
   */
  idleTimeoutMs: number;
}): typeof fetch {
  const options = { keepAlive: true, maxSockets: limits.maxSockets, timeout: limits.idleTimeoutMs };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  const agent = (url: URL): HttpAgent => (url.protocol === 'https:' ? https : http);
  const fetchWithAgent = (input: string | URL, init?: NodeFetchInit) =>
    nodeFetch(input.toString(), { ...init, agent });
  // node-fetch's Response is the subset of WHATWG's that supabase-js reads.
  return fetchWithAgent as unknown as typeof fetch;
}
