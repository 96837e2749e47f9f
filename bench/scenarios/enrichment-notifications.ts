import type { BenchContext } from '../lib/context';
import type { IntercomDoubleChild } from '../lib/intercom-double';
import { signedNotification, type SignedRequest } from '../lib/notifications';

/**
 * For one enrichment round: `count` contacts in the double whose emails are
 * members', the double's call log emptied, and one signed notification each
 * (ids start with the returned prefix).
 */
export async function enrichmentNotifications(
  ctx: BenchContext,
  double: IntercomDoubleChild,
  label: string,
  count: number,
  emailOffset: number,
): Promise<{ contacts: string[]; requests: SignedRequest[]; prefix: string }> {
  const emails = Array.from(
    { length: count },
    (_, i) => ctx.fixtures.foundEmails[(emailOffset + i) % ctx.fixtures.foundEmails.length],
  );
  const contacts = await double.client.call('addContacts', { emails });
  await double.client.call('takeCalls', null);
  const prefix = `${ctx.runId}-${label}`;
  const requests = contacts.map((id, i) => signedNotification(`${prefix}-${i}`, id));
  return { contacts, requests, prefix };
}
