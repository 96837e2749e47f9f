/**
 * `npm run sandbox`: the whole service on embedded stand-ins, offline, in one
 * process. The real AppModule starts with DB_TYPE=sqljs (member tables and inbox
 * in an in-memory SQLite), supabase-js talks to the PostgREST-compatible server
 * over PGlite, and the Intercom gateway to the Intercom test double. Then three
 * signed sample webhooks, a member who moves (the member sync) and the member
 * card show what the service does; the card's HTML preview is served beside it.
 * See docs/sandbox.md.
 *
 *   npm run sandbox               keeps running until Ctrl-C
 *   npm run sandbox -- --once     exits after the walkthrough: 0 when every step did what it should
 */
import 'reflect-metadata';
import { createServer } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { ConfigValidationError, parseEnv } from '../src/common/config/env.schema';
import { CardClient } from './card/card-client';
import { startCardPreview } from './card/card-preview.server';
import { MEMBERS } from './seed/members.seed';
import { createServiceApp } from './sandbox-app';
import { SandboxStartError } from './sandbox-start.error';
import { DEFAULT_PORT, SANDBOX_SECRETS, SANDBOX_SYNC_INTERVAL_MS, sandboxEnv } from './sandbox-env';
import { startIntercomStandIn } from './stand-ins/intercom.stand-in';
import { moveMember, seedMemberDatabase } from './stand-ins/member-database.stand-in';
import { startPositionsStandIn } from './stand-ins/positions.stand-in';
import { block, complain, quietClientErrorLogs, say } from './terminal';
import { Settlements } from './walkthrough/settlements';
import { runWalkthrough } from './walkthrough/walkthrough';

/** The printed keys' column width. */
const KEY_WIDTH = Math.max(
  ...[
    SANDBOX_SECRETS.lookupKey,
    SANDBOX_SECRETS.adminKey,
    SANDBOX_SECRETS.clientSecret,
    SANDBOX_SECRETS.intercomToken,
  ].map((value) => value.length),
);

/** Past this, a stuck close no longer holds the terminal. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const USAGE = `Usage: npm run sandbox [-- --once]
  --once   exit after the walkthrough (status 0 when every step did what it should)
Environment: PORT (default ${DEFAULT_PORT}), LOG_LEVEL (default warn)`;

function parseArgs(argv: readonly string[]): { once: boolean } {
  const unknown = argv.filter((arg) => arg !== '--once');
  if (argv.includes('--help') || argv.includes('-h')) {
    say(USAGE);
    process.exit(0);
  }
  if (unknown.length > 0) throw new SandboxStartError(`Unknown option ${unknown[0]}\n${USAGE}`);
  return { once: argv.includes('--once') };
}

/** PORT as the service validates it, else the sandbox's default. */
function chosenPort(): number {
  if (!process.env.PORT) return DEFAULT_PORT;
  try {
    return parseEnv({ PORT: process.env.PORT }).PORT;
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new SandboxStartError(error.message);
    throw error;
  }
}

function portInUse(port: number): SandboxStartError {
  return new SandboxStartError(
    `Port ${port} is already in use (another sandbox or service?). ` +
      `Stop it, or choose another port: PORT=${port + 1} npm run sandbox`,
  );
}

/** Checked before anything starts, so a busy port costs a second, not the whole start. */
async function assertPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
  if (!free) throw portInUse(port);
}

interface BannerOptions {
  port: number;
  /** The member card preview (sandbox/card/card-preview.server.ts). */
  previewUrl: string;
  seconds: number;
  positionsUrl: string;
  intercomUrl: string;
  /** --once: the sandbox exits after the walkthrough, so there is nothing to try. */
  once: boolean;
}

/**
 * Where things are, and the sandbox's keys and webhook secret: sandbox values,
 * known only to this process, printed so that curl and Swagger UI can use them.
 */
function banner({
  port,
  previewUrl,
  seconds,
  positionsUrl,
  intercomUrl,
  once,
}: BannerOptions): void {
  const url = `http://localhost:${port}`;
  const lookup =
    `curl -s -X POST ${url}/api/intercom/lookup-email ` +
    `-H 'Authorization: Bearer ${SANDBOX_SECRETS.lookupKey}' ` +
    `-H 'Content-Type: application/json' -d '{"email":"john.doe@example.com"}'`;
  const admin =
    `curl -s -H 'Authorization: Bearer ${SANDBOX_SECRETS.adminKey}' ` +
    `'${url}/api/admin/notifications?limit=5'`;
  const tries: Array<[string, string]> = once
    ? []
    : [
        ['Try', lookup],
        ['', admin],
      ];
  // The keys' notes in one column.
  const key = (value: string, note: string): string => `${value.padEnd(KEY_WIDTH)}   (${note})`;
  say(
    `NATCA Intercom service sandbox: ready in ${seconds.toFixed(1)} s, no account or network needed`,
  );
  for (const line of block(
    [
      ['Swagger UI', `${url}/api/docs`],
      ['Member card', `${previewUrl}/ (the card beside each conversation, as HTML)`],
      [
        'Lookup key',
        key(SANDBOX_SECRETS.lookupKey, 'Swagger UI: Authorize, then bearer or api-key'),
      ],
      ['Admin key', key(SANDBOX_SECRETS.adminKey, 'the /api/admin routes, the same two ways')],
      [
        'Webhook secret',
        key(SANDBOX_SECRETS.clientSecret, 'X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>'),
      ],
      [
        'Intercom token',
        key(
          SANDBOX_SECRETS.intercomToken,
          `the Intercom stand-in at ${intercomUrl}: for the CLI, see docs/sandbox.md`,
        ),
      ],
      ...tries,
      [
        'Stand-ins',
        `members: in-memory SQLite (${MEMBERS.length} samples) · positions: PGlite via PostgREST ${positionsUrl} · Intercom: test double ${intercomUrl}`,
      ],
    ],
    '  ',
  )) {
    say(line);
  }
  say();
}

async function main(): Promise<void> {
  const { once } = parseArgs(process.argv.slice(2));
  // LOG_LEVEL set by hand asks for the service's logs as they are.
  if (!process.env.LOG_LEVEL) quietClientErrorLogs();
  const port = chosenPort();
  await assertPortFree(port);
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const [positions, intercom] = await Promise.all([
      startPositionsStandIn(SANDBOX_SECRETS.serviceRoleKey),
      startIntercomStandIn(SANDBOX_SECRETS.intercomToken),
    ]);
    closers.push(
      () => positions.close(),
      () => intercom.close(),
    );
    process.env = sandboxEnv(
      {
        port,
        supabaseUrl: positions.url,
        intercomUrl: intercom.url,
        intercomAdminId: intercom.store.admin.id,
      },
      process.env,
    );
    parseEnv(process.env);

    const app = await createServiceApp();
    closers.push(() => app.close());
    await app.init();
    const members = app.get(DataSource);
    await seedMemberDatabase(members);
    const settlements = new Settlements(app.get(EventEmitter2));
    await app.listen(port).catch((error: unknown) => {
      // Taken between the early check and now.
      throw (error as { code?: unknown }).code === 'EADDRINUSE' ? portInUse(port) : error;
    });
    const preview = await startCardPreview(
      new CardClient(`http://127.0.0.1:${port}`, SANDBOX_SECRETS.clientSecret, intercom.store),
      intercom.store,
    );
    closers.push(() => preview.close());
    banner({
      port,
      previewUrl: preview.url,
      seconds: process.uptime(),
      positionsUrl: positions.url,
      intercomUrl: intercom.url,
      once,
    });

    const ok = await runWalkthrough({
      baseUrl: `http://127.0.0.1:${port}`,
      clientSecret: SANDBOX_SECRETS.clientSecret,
      store: intercom.store,
      seed: intercom.seed,
      settlements,
      syncIntervalMs: SANDBOX_SYNC_INTERVAL_MS,
      moveMember: (memberNumber, facilityId) => moveMember(members, memberNumber, facilityId),
    });
    if (once) {
      await stop(closeAll, ok ? 0 : 1);
      return;
    }
    say();
    say('The sandbox keeps running: try the API in Swagger UI or with curl. Ctrl-C stops it.');
    say(
      'Addresses to look up: maria.garcia@example.com, pat.kelly@example.com (Active wins over Retired), ' +
        'RENE@EXÄMPLE.COM (letter case ignored, accents not), tom.brown@example.com (Inactive: not found)',
    );
    const onSignal = (): void => void stop(closeAll, 0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Closes the service (the inbox drains), then the stand-ins, then exits. */
async function stop(closeAll: () => Promise<void>, code: number): Promise<void> {
  setTimeout(() => {
    complain('The sandbox took too long to stop; exiting anyway.');
    process.exit(code || 1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  await closeAll();
  say('Sandbox stopped.');
  process.exit(code);
}

main().catch((error: unknown) => {
  if (error instanceof SandboxStartError || error instanceof ConfigValidationError) {
    complain(error.message);
  } else {
    complain(
      `The sandbox could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  process.exit(1);
});
