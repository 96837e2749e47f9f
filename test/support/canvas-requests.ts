/** Canvas Kit requests to the real app, signed with X-Body-Signature over the exact bytes sent. */
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { signCanvasBody } from '../../src/intercom/canvas/canvas-signature';
import { TEST_CLIENT_SECRET } from './test-app';

export * from './canvas-bodies';

/** POSTs the body signed as Intercom signs it (secret null: unsigned; a string body is sent as is). */
export function postCanvas(
  app: NestExpressApplication,
  route: 'initialize' | 'submit',
  body: unknown,
  { secret = TEST_CLIENT_SECRET }: { secret?: string | null } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const req = request(app.getHttpServer())
    .post(`/api/intercom/canvas/${route}`)
    .set('Content-Type', 'application/json');
  if (secret) req.set('X-Body-Signature', signCanvasBody(raw, secret));
  return req.send(raw);
}

/** The card's components by type, for assertions. */
export function componentsOf(body: { canvas?: { content?: { components?: unknown[] } } }) {
  return (body.canvas?.content?.components ?? []) as Array<Record<string, unknown>>;
}
