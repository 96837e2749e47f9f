/**
 * Evidence for the webhook: how many inbox rows MariaDB commits per second
 * on this machine, by rows per INSERT (the group commit's batch) and by
 * INSERTs in flight at once. The service's InboxWriter keeps one in flight.
 *
 *   npx ts-node --transpile-only bench/experiments/inbox-commit.ts
 */
import { performance } from 'node:perf_hooks';
import { createConnection, type Connection } from 'mysql2/promise';
import type { QueryRunner } from 'typeorm';
import { CreateInbox1764547200000 } from '../../src/intercom/inbox/persistence/migrations/1764547200000-create-inbox';
import { createMysqlDatabase, MYSQL } from '../../test/support/databases';
import { conversationNotification } from '../../test/support/webhook-payloads';
import { percentile } from '../lib/stats';

const SECONDS = 3;
const PAYLOAD = JSON.stringify(conversationNotification('b3c000000000000000000001'));
let nextId = 0;

function insert(rows: number): { sql: string; params: string[] } {
  const now = 'UTC_TIMESTAMP(3)';
  const values = Array.from({ length: rows }, () => `(?, ?, ?, 'pending', ${now}, ${now}, ${now})`);
  const params = Array.from({ length: rows }, () => [
    `exp-${nextId++}`,
    'conversation.user.replied',
    PAYLOAD,
  ]).flat();
  return {
    sql: `INSERT INTO intercom_notifications (notification_id, topic, payload, state, available_at, received_at, updated_at)
          VALUES ${values.join(', ')} ON DUPLICATE KEY UPDATE notification_id = notification_id`,
    params,
  };
}

async function fsyncs(conn: Connection): Promise<number> {
  const [rows] = await conn.query("SHOW GLOBAL STATUS LIKE 'Innodb_data_fsyncs'");
  return Number((rows as Array<{ Value: string }>)[0].Value);
}

async function main(): Promise<void> {
  const db = await createMysqlDatabase({ schema: false });
  const connections = await Promise.all(
    Array.from({ length: 4 }, () => createConnection({ ...MYSQL, database: db.name })),
  );
  try {
    const runner = {
      connection: { options: { type: 'mysql' } },
      query: (sql: string) => db.query(sql),
    };
    await new CreateInbox1764547200000().up(runner as unknown as QueryRunner);
    console.log(`payload ${PAYLOAD.length} bytes, ${SECONDS} s per line`);
    for (const rows of [1, 8, 28]) {
      for (const inFlight of [1, 2, 4]) {
        const latencies: number[] = [];
        const fsyncsBefore = await fsyncs(connections[0]);
        const deadline = performance.now() + SECONDS * 1000;
        await Promise.all(
          connections.slice(0, inFlight).map(async (conn) => {
            while (performance.now() < deadline) {
              const { sql, params } = insert(rows);
              const started = performance.now();
              await conn.query(sql, params);
              latencies.push(performance.now() - started);
            }
          }),
        );
        const commits = latencies.length;
        const syncs = (await fsyncs(connections[0])) - fsyncsBefore;
        console.log(
          `${String(rows).padStart(2)} rows/INSERT, ${inFlight} in flight: ` +
            `${Math.round(commits / SECONDS)} INSERTs/s = ${Math.round((commits * rows) / SECONDS)} rows/s, ` +
            `latency p50 ${percentile(latencies, 50).toFixed(2)} ms p99 ${percentile(latencies, 99).toFixed(2)} ms, ` +
            `${(syncs / commits).toFixed(2)} fsyncs per INSERT`,
        );
      }
    }
  } finally {
    await Promise.all(connections.map((c) => c.end()));
    await db.drop();
  }
}

void main();
