/**
 * The webhook's durable contract written as one plain Express route, the
 * reference for the service's acknowledgement: the raw body read (1 MB), its
 * X-Hub-Signature checked (the service's own HMAC rule), the envelope read by
 * the service's own rule (its id, else the body's digest), one INSERT of one
 * row into the inbox table per request on a mysql2 pool (autocommit: the
 * statement's answer is the commit), then 200. The service's refusals and
 * error bodies: 413, 401, 400, 503.
 */
import type { Server } from 'node:http';
import express, { type Response } from 'express';
import { createPool } from 'mysql2/promise';
import { parseNotification } from '../../src/intercom/webhook/webhook-notification';
import { isValidSignature } from '../../src/intercom/webhook/webhook-signature';
import { childInit } from '../lib/child-init';
import { serveBaseline } from './baseline-server';
import type { WebhookBaselineInit } from './baseline.protocol';

const PATH = '/api/intercom/webhook';

/** The row the service writes for a new notification; a repeated id changes nothing. */
const INSERT = `INSERT INTO intercom_notifications
  (notification_id, topic, payload, state, available_at, received_at, updated_at)
  VALUES (?, ?, ?, 'pending', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
  ON DUPLICATE KEY UPDATE notification_id = notification_id`;

function fail(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

async function main(): Promise<void> {
  const init = childInit<WebhookBaselineInit>();
  // As many connections as the load has requests in flight, so no request waits for one.
  const pool = createPool({ ...init.mysql, connectionLimit: 16 });
  const app = express();
  app.post(PATH, express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!isValidSignature(body, req.get('x-hub-signature'), [init.secret])) {
      fail(res, 401, 'Invalid signature');
      return;
    }
    const notification = parseNotification(body);
    if (typeof notification === 'string') {
      fail(res, 400, 'Request body must be a JSON object');
      return;
    }
    const { notificationId, topic, payload } = notification;
    pool.execute(INSERT, [notificationId, topic, payload]).then(
      () => res.json({ received: true }),
      () => fail(res, 503, 'Notification could not be recorded, please retry'),
    );
  });
  app.use(
    (
      error: { type?: string },
      _req: express.Request,
      res: Response,
      _next: express.NextFunction,
    ) =>
      error.type === 'entity.too.large'
        ? fail(res, 413, 'Payload too large')
        : fail(res, 400, 'Request body must be a JSON object'),
  );
  const server: Server = app.listen(0, '127.0.0.1');
  await serveBaseline(server);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
