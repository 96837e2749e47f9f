import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import nodeFetch, { type RequestInit as NodeFetchInit } from 'node-fetch';

/**
 * The fetch supabase-js is given: node-fetch over node:http(s) agents that
 * keep connections open. Why not Node's built-in fetch: per positions read it
 * cost about 1.5× the CPU of node-fetch on this service's machines (undici's
 * WHATWG streams), on the lookup route's critical path (BENCHMARKS.md).
 */
export function keepAliveFetch(maxSockets: number): typeof fetch {
  const http = new HttpAgent({ keepAlive: true, maxSockets });
  const https = new HttpsAgent({ keepAlive: true, maxSockets });
  const agent = (url: URL): HttpAgent => (url.protocol === 'https:' ? https : http);
  const fetchWithAgent = (input: string | URL, init?: NodeFetchInit) =>
    nodeFetch(input.toString(), { ...init, agent });
  // node-fetch's Response is the subset of WHATWG's that supabase-js reads.
  return fetchWithAgent as unknown as typeof fetch;
}
