import { startPostgrestServer } from '../../test/support/postgrest/postgrest-server';
import { announceReady, serveIpc } from '../lib/ipc';
import { childInit } from '../lib/child-init';
import type { PostgrestCommands, PostgrestInfo, PostgrestInit } from './postgrest.protocol';

async function main(): Promise<void> {
  const init = childInit<PostgrestInit>();
  const server = await startPostgrestServer({
    connectionString: init.connectionString,
    serviceKey: init.serviceKey,
  });
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  serveIpc<PostgrestCommands>(
    {
      clearRequests: () => {
        const count = server.requests.length;
        server.requests.length = 0;
        return count;
      },
    },
    stop,
  );
  const info: PostgrestInfo = { url: server.url };
  announceReady(info);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
