/** Sends signed notifications to the webhook route and records when each was acknowledged. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedRequest } from './notifications';

const PATH = '/api/intercom/webhook';

export interface Ack {
  status: number;
  /** Date.now() when the answer arrived. */
  at: number;
}

async function send(url: string, request: SignedRequest): Promise<Ack> {
  const response = await fetch(`${url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const at = Date.now();
  await response.arrayBuffer();
  return { status: response.status, at };
}

/** As fast as `concurrency` connections allow (a burst, as after an Intercom outage). */
export async function sendBurst(
  url: string,
  requests: readonly SignedRequest[],
  concurrency: number,
): Promise<Ack[]> {
  const acks: Ack[] = new Array<Ack>(requests.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      acks[index] = await send(url, requests[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return acks;
}

/** At a steady rate, whatever the answers take (open loop). */
export async function sendPaced(
  url: string,
  requests: readonly SignedRequest[],
  perSecond: number,
): Promise<Ack[]> {
  const interval = 1000 / perSecond;
  const start = Date.now();
  const pending: Array<Promise<Ack>> = [];
  for (let i = 0; i < requests.length; i++) {
    const wait = start + i * interval - Date.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(url, requests[i]));
  }
  return Promise.all(pending);
}
