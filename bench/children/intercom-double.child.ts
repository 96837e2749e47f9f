/** The Intercom double (test/support) in its own process, driven over IPC. */
import {
  startIntercomDouble,
  type IntercomDouble,
} from '../../test/support/intercom-double/intercom-double';
import { announceReady, serveIpc } from '../lib/ipc';
import { childInit } from '../lib/child-init';
import type {
  IntercomDoubleCommands,
  IntercomDoubleInfo,
  IntercomDoubleInit,
  RecordedCall,
} from './intercom-double.protocol';

/** What newer doubles say of their windows (IntercomDouble.rateLimitWindows), when they do. */
type WindowsReport = { rateLimitWindows?: () => { origin: number } };

/**
 * Starts the double and answers where its rate-limit windows are anchored: the
 * double's own answer when it gives one (rateLimitWindows), else the instant
 * its limiter was created. The double anchors its windows there (`now()` in
 * the limiter's constructor, `Date.now` by default), so the clock reads as one
 * fixed instant while the double starts, and that instant is the origin; the
 * limiter keeps the wrapper as its clock, which reads real time again once the
 * double has started.
 */
async function startAnchored(
  init: IntercomDoubleInit,
): Promise<{ double: IntercomDouble; origin: number }> {
  const realNow = Date.now.bind(Date);
  let frozenAt: number | undefined = realNow();
  const started = frozenAt;
  Date.now = () => frozenAt ?? realNow();
  let double: IntercomDouble;
  try {
    double = await startIntercomDouble({ token: init.token, rateLimit: init.rateLimit });
  } finally {
    frozenAt = undefined;
    Date.now = realNow;
  }
  const reported = (double as IntercomDouble & WindowsReport).rateLimitWindows?.().origin;
  if (reported !== undefined && reported !== started) {
    await double.close();
    throw new Error(`the double anchors its windows at ${reported}, not at ${started}`);
  }
  return { double, origin: reported ?? started };
}

async function main(): Promise<void> {
  const init = childInit<IntercomDoubleInit>();
  const { double, origin } = await startAnchored(init);
  if (init.latencyMs) double.faults.setLatency(init.latencyMs);
  const stop = (): void => {
    void double.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  serveIpc<IntercomDoubleCommands>(
    {
      addContacts: ({ emails }) =>
        emails.map((email) => double.store.addContact({ role: 'user', email }).id),
      seedContacts: ({ contacts }) =>
        contacts.map(
          (seed) =>
            double.store.addContact({
              role: 'user',
              email: seed.email,
              phone: seed.phone ?? null,
              custom_attributes: seed.customAttributes,
            }).id,
        ),
      staleMemberType: ({ value }) => {
        let changed = 0;
        for (const contact of double.store.contacts()) {
          if (contact.custom_attributes.member_number === undefined) continue;
          double.store.updateContact(contact.id, { custom_attributes: { member_type: value } });
          changed += 1;
        }
        return changed;
      },
      takeCalls: () => {
        const calls: RecordedCall[] = double.requests.map((r) => ({
          method: r.method,
          path: r.path,
          status: r.status,
          at: r.at,
        }));
        double.requests.length = 0;
        return calls;
      },
      stats: () => ({
        ...double.rateLimitStats(),
        validationErrors: double.validationErrors.length,
      }),
    },
    stop,
  );
  const info: IntercomDoubleInfo = { url: double.url, windowsOrigin: origin };
  announceReady(info);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
