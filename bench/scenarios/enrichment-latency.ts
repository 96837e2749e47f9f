/**
 * Measurement 3, second half: end-to-end latency from the webhook's
 * acknowledgement to the contact's update arriving at Intercom (the double's
 * PUT /contacts/{id}), with no rate limit in the way, at a steady rate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../children/intercom-double.protocol';
import type { BenchContext } from '../lib/context';
import type { IntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { sendPaced } from '../lib/sender';
import type { RunningService } from '../lib/service';
import { enrichmentNotifications } from './enrichment-notifications';
import { percentile } from '../lib/stats';

export interface LatencyRound {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

const WAIT_FOR_UPDATES_MS = 30_000;

export async function latencyRound(
  ctx: BenchContext,
  service: RunningService,
  double: IntercomDoubleChild,
  label: string,
  count: number,
  emailOffset: number,
): Promise<LatencyRound> {
  const { contacts, requests } = await enrichmentNotifications(
    ctx,
    double,
    label,
    count,
    emailOffset,
  );
  const acks = await sendPaced(service.url, requests, ctx.config.enrichment.latencyRate);

  const updatedAt = new Map<string, number>();
  const deadline = Date.now() + WAIT_FOR_UPDATES_MS;
  const wanted = new Set(contacts.map((id) => `/contacts/${id}`));
  while (updatedAt.size < contacts.length && Date.now() < deadline) {
    const calls: RecordedCall[] = await double.client.call('takeCalls', null);
    for (const call of calls) {
      if (call.method === 'PUT' && call.status === 200 && wanted.has(call.path)) {
        updatedAt.set(call.path, call.at);
      }
    }
    if (updatedAt.size < contacts.length) await sleep(50);
  }
  if (updatedAt.size < contacts.length) {
    throw new Error(`${label}: only ${updatedAt.size} of ${contacts.length} contacts were updated`);
  }
  const latencies = contacts.map((id, i) => (updatedAt.get(`/contacts/${id}`) ?? 0) - acks[i].at);
  const round: LatencyRound = {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    samples: latencies.length,
  };
  log(`  ${label}: ack → contact update p50 ${round.p50Ms} ms, p99 ${round.p99Ms} ms`);
  return round;
}
