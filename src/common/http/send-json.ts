import type { ServerResponse } from 'node:http';

/**
 * Answers `body` as JSON (UTF-8) with `status`, as express's `res.json` does, without
 * its extras: no ETag (a hash of every body, of no use on answers to POST, which no cache
 * revalidates) and no freshness check. For the fast paths ahead of Nest, where
 * `res.json` cost about a sixth of a lookup's CPU (BENCHMARKS.md, "Changes applied").
 * Headers set before (security, request id, throttle) are kept.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
