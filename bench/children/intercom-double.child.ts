/** The Intercom double (test/support) in its own process, driven over IPC. */
import { startIntercomDouble } from '../../test/support/intercom-double/intercom-double';
import { announceReady, serveIpc } from '../lib/ipc';
import { childInit } from '../lib/child-init';
import type {
  IntercomDoubleCommands,
  IntercomDoubleInfo,
  IntercomDoubleInit,
  RecordedCall,
} from './intercom-double.protocol';

async function main(): Promise<void> {
  const init = childInit<IntercomDoubleInit>();
  const double = await startIntercomDouble({ token: init.token, rateLimit: init.rateLimit });
  // Where the double's fixed rate-limit windows are anchored (lib/budget.ts counts in them).
  const origin = double.rateLimitWindows().origin;
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
