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
  const stop = (): void => {
    void double.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  serveIpc<IntercomDoubleCommands>(
    {
      addContacts: ({ emails }) =>
        emails.map((email) => double.store.addContact({ role: 'user', email }).id),
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
  const info: IntercomDoubleInfo = { url: double.url };
  announceReady(info);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
