/**
 * `npm run sandbox` as a new user runs it: a child process on a free port, with
 * no database server, Supabase or Intercom behind it. Checks the walkthrough's
 * report (exit code, before → after of each contact), that Swagger UI and the
 * lookup answer while it runs, that Ctrl-C stops it, and the clear refusals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildService, startCompiledService } from '../support/compiled-service';
import { describeProblems, lintOpenApi } from '../support/openapi-lint';
import { freePort } from '../support/service-process';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
/** The budget for a start on a 2-core machine. */
const START_BUDGET_SECONDS = 15;

interface SandboxRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm run sandbox -- <args>` in its own process group, as a terminal runs it.
 * A variable given as undefined is left out of the environment.
 */
function runSandbox(args: string[], env: Record<string, string | undefined>): SandboxRun {
  const merged = { ...process.env, ...env };
  const child = spawn('npm', ['run', 'sandbox', '--', ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close': npm has exited and the sandbox has closed the output they share.
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Ctrl-C: SIGINT to the whole process group (npm, its shell, the sandbox). */
function interrupt(run: SandboxRun): void {
  if (run.child.pid !== undefined) process.kill(-run.child.pid, 'SIGINT');
}

async function waitForOutput(run: SandboxRun, pattern: RegExp, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.stdout())) {
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`Sandbox output never matched ${pattern}:\n${run.stdout()}\n${run.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface ReportedStep {
  title: string;
  /** label → text of the step's aligned lines (webhook, contact, before, after, phone, ...). */
  fields: Record<string, string>;
  verdict: string;
}

/** The `[n/5] title` blocks of the walkthrough, as printed. */
function reportedSteps(stdout: string): ReportedStep[] {
  return stdout
    .split(/^\[\d\/5\] /m)
    .slice(1)
    .map((block) => {
      const [title, ...lines] = block.split('\n');
      const fields: Record<string, string> = {};
      let verdict = '';
      for (const line of lines) {
        const verdictMatch = /^ {6}([✓✗]) (.*)$/.exec(line);
        if (verdictMatch) {
          verdict = `${verdictMatch[1]} ${verdictMatch[2]}`;
          break;
        }
        const field = /^ {6}(\w+)\s+(.*)$/.exec(line);
        if (field) fields[field[1]] = field[2];
      }
      return { title, fields, verdict };
    });
}

function attributes(text: string | undefined): unknown {
  return JSON.parse(text ?? 'null') as unknown;
}

describe('npm run sandbox', () => {
  const runs: SandboxRun[] = [];

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null && run.child.pid) {
        process.kill(-run.child.pid, 'SIGKILL');
        await run.exited;
      }
    }
  });

  it('--once walks through the three notifications and the member sync, and exits 0', async () => {
    const port = await freePort();
    const run = runSandbox(['--once'], { PORT: String(port) });
    runs.push(run);

    const { code } = await run.exited;
    const stdout = run.stdout();
    expect({ code, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });

    expect(stdout).toMatch(new RegExp(`Swagger UI\\s+http://localhost:${port}/api/docs`));
    expect(stdout).toMatch(/Lookup key\s+sandbox-lookup-key/);
    expect(stdout).toMatch(/Admin key\s+sandbox-admin-key/);
    expect(stdout).toMatch(/Webhook secret\s+sandbox-client-secret/);
    // It exits after the walkthrough: nothing to try.
    expect(stdout).not.toMatch(/^\s+Try\s/m);
    expect(stdout).not.toContain('curl');
    const seconds = Number(/ready in (\d+\.\d) s/.exec(stdout)?.[1]);
    expect(seconds).toBeLessThan(START_BUDGET_SECONDS);

    const [reply, stranger, sync, move, card] = reportedSteps(stdout);
    expect(reply.title).toBe(
      'A member replies: conversation.user.replied from john.doe@example.com',
    );
    expect(reply.fields.webhook).toBe('200 {"received":true} → done: updated');
    expect(attributes(reply.fields.before)).toEqual({});
    expect(attributes(reply.fields.after)).toEqual({
      member_number: '10001',
      member_type: 'Current Member',
      region: 'GL',
      facility: 'ZAU',
      positions: 'Facility Representative, Legislative Representative',
    });
    expect(reply.fields.phone).toBe('(none) → +17654657031');
    expect(reply.verdict).toMatch(/^✓/);

    expect(stranger.fields.webhook).toBe('200 {"received":true} → done: member_not_found');
    expect(attributes(stranger.fields.before)).toEqual({});
    expect(attributes(stranger.fields.after)).toEqual({});
    expect(stranger.verdict).toMatch(/^✓/);

    expect(sync.title).toMatch(
      /tag mynatca-sync on conversation \d+ \(member_number_verification = 10002\)/,
    );
    expect(sync.fields.webhook).toMatch(/^200 \{"received":true\} → done: synced/);
    const userId = /^(\w+) \(user jane\.smith@example\.com\)$/.exec(sync.fields.contact)?.[1];
    expect(userId).toBeDefined();
    expect(attributes(sync.fields.before)).toEqual({});
    expect(attributes(sync.fields.after)).toEqual({
      member_number: '10002',
      member_type: 'Retired Member',
      region: 'RNAV',
      facility: 'RNAV',
      positions: '',
    });
    expect(sync.fields.lead).toMatch(new RegExp(`merged into ${userId}$`));
    expect(sync.fields.tag).toBe('removed from the conversation');
    // The internal note the agent sees on the conversation, as plain text.
    expect(sync.fields.note).toMatch(/^Member sync done\. Member 10002, Jane Smith \(Retired\)\./);
    expect(sync.fields.note).toContain('facility (empty) → RNAV');
    expect(sync.fields.note).toContain('Leads merged into the user: 1.');
    expect(sync.verdict).toMatch(/^✓/);

    // A member moves in the embedded member database: the member sync alone updates the contact.
    expect(move.title).toBe(
      'A member moves: 10001 (John Doe) from ZAU to ZOA in the member database',
    );
    expect(move.fields.member).toMatch(/^facility ZAU → ZOA, updated_at now /);
    expect(move.fields.contact).toBe(reply.fields.contact);
    expect(attributes(move.fields.before)).toEqual(attributes(reply.fields.after));
    expect(attributes(move.fields.after)).toEqual({
      member_number: '10001',
      member_type: 'Current Member',
      region: 'WP',
      facility: 'ZOA',
      positions: 'Facility Representative, Legislative Representative',
    });
    expect(move.fields.phone).toBe('+17654657031 → +17654657031');
    expect(move.fields.sync).toMatch(
      /^contact updated \d+\.\d s after the change \(the sync runs every 2 s\)$/,
    );
    expect(move.verdict).toMatch(/^✓ the member sync wrote what differs/);

    // The member card: the member shown, then synced by its button, as text.
    expect(card.fields.card).toBe('Member number: 10003');
    expect(card.fields.clicked).toMatch(/^✅ Member synced on \w{3} \d{1,2}, \d{4} at /);
    expect(card.fields.note).toBe('one internal note on the conversation');
    expect(card.verdict).toMatch(/^✓ the card showed the member, and Sync member/);
    expect(stdout).toMatch(/Member card\s+http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(stdout).toContain('All 5 steps did what they should.');
    // LOG_LEVEL=warn: the service's JSON log lines stay out of the way, and none is an error.
    expect(stdout.split('\n').filter((line) => line.startsWith('{"level":5'))).toEqual([]);
  });

  it('keeps running with Swagger UI and the lookup answering, until Ctrl-C', async () => {
    const port = await freePort();
    const run = runSandbox([], { PORT: String(port) });
    runs.push(run);
    await waitForOutput(run, /Ctrl-C stops it/);
    expect(run.stdout()).toContain(
      `  Try             curl -s -X POST http://localhost:${port}/api/intercom/lookup-email -H 'Authorization: Bearer sandbox-lookup-key'`,
    );

    const base = `http://localhost:${port}/api`;
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const document = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toContain('/api/intercom/lookup-email');

    const key = /Lookup key\s+(\S+)/.exec(run.stdout())?.[1] ?? '';
    const lookup = await fetch(`${base}/intercom/lookup-email`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'PAT.KELLY@example.com' }),
    });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({
      found: true,
      member_number: '10009',
      region: 'SO',
      facility: 'ATL',
    });

    interrupt(run);
    const { code, signal } = await run.exited;
    // npm itself ends as a terminal's Ctrl-C leaves it; the sandbox finished its shutdown first.
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(run.stdout().trimEnd()).toMatch(/Sandbox stopped\.$/);
    expect(run.stderr()).toBe('');
  });

  it("prints its admin key, webhook secret and Intercom stand-in's token and address, which work, and keeps 4xx warnings out of the terminal", async () => {
    const port = await freePort();
    // LOG_LEVEL unset, as a new user runs it.
    const run = runSandbox([], { PORT: String(port), LOG_LEVEL: undefined });
    runs.push(run);
    await waitForOutput(run, /Ctrl-C stops it/);
    const base = `http://localhost:${port}/api`;
    const adminKey = /Admin key\s+(\S+)/.exec(run.stdout())?.[1] ?? '';
    const secret = /Webhook secret\s+(\S+)/.exec(run.stdout())?.[1] ?? '';
    expect({ adminKey, secret }).toEqual({
      adminKey: 'sandbox-admin-key',
      secret: 'sandbox-client-secret',
    });
    expect(run.stdout()).toContain(
      `curl -s -H 'Authorization: Bearer sandbox-admin-key' 'http://localhost:${port}/api/admin/notifications?limit=5'`,
    );

    // The Intercom stand-in's address and token, for the CLI (docs/sandbox.md): they answer.
    const [, token, intercomUrl] =
      /Intercom token\s+(\S+)\s+\(the Intercom stand-in at (http:\/\/127\.0\.0\.1:\d+)/.exec(
        run.stdout(),
      ) ?? [];
    expect(token).toBe('sandbox-intercom-token');
    const attributes = await fetch(`${intercomUrl}/data_attributes?model=contact`, {
      headers: { Authorization: `Bearer ${token}`, 'Intercom-Version': '2.11' },
    });
    expect(attributes.status).toBe(200);

    const notifications = async (key: string) =>
      fetch(`${base}/admin/notifications?limit=5`, { headers: { Authorization: `Bearer ${key}` } });
    const listed = await notifications(adminKey);
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { total: number; items: Array<{ topic: string }> };
    // The walkthrough's three notifications, and the member card's sync (an inbox row too).
    expect(page.total).toBe(4);
    expect(page.items.map((item) => item.topic)).toContain('member_card.sync');

    // A notification signed with the printed secret, as docs/sandbox.md shows.
    const body = JSON.stringify({
      type: 'notification_event',
      id: 'notif_e2e_signed',
      topic: 'conversation.user.replied',
      data: {
        item: { type: 'conversation', id: '1', source: { author: { type: 'user', id: 'nobody' } } },
      },
    });
    const send = (signature: string) =>
      fetch(`${base}/intercom/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signature },
        body,
      });
    const signed = await send(`sha1=${createHmac('sha1', secret).update(body).digest('hex')}`);
    expect({ status: signed.status, body: await signed.json() }).toEqual({
      status: 200,
      body: { received: true },
    });
    let recorded: { notification_id: string; state: string; outcome: string | null } | undefined;
    for (let tries = 0; tries < 100 && recorded?.state !== 'done'; tries++) {
      const latest = (await (await notifications(adminKey)).json()) as {
        items: Array<{ notification_id: string; state: string; outcome: string | null }>;
      };
      recorded = latest.items.find((item) => item.notification_id === 'notif_e2e_signed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recorded).toMatchObject({ state: 'done', outcome: 'contact_not_found' });

    // The caller's mistakes: each answers 4xx, and none prints a JSON warning.
    expect((await send('sha1=0000000000000000000000000000000000000000')).status).toBe(401);
    expect((await notifications('sandbox-lookup-key')).status).toBe(401);
    const noKey = await fetch(`${base}/intercom/lookup-email`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.stdout()).not.toMatch(/"statusCode":4\d\d|Webhook request refused/);

    interrupt(run);
    await run.exited;
    expect(run.stderr()).toBe('');
  });

  it('serves the same OpenAPI document as the compiled service (nest build), and it lints clean', async () => {
    const port = await freePort();
    const run = runSandbox([], { PORT: String(port) });
    runs.push(run);
    const [build] = await Promise.all([
      buildService(),
      waitForOutput(run, /Ctrl-C stops it/, 180_000),
    ]);
    try {
      const service = await startCompiledService(build);
      try {
        const fromSandbox = (await (
          await fetch(`http://localhost:${port}/api/docs-json`)
        ).json()) as Record<string, unknown>;
        const fromBuild = (await (await fetch(`${service.url}/api/docs-json`)).json()) as Record<
          string,
          unknown
        >;
        expect(Object.keys(fromSandbox.paths as object).length).toBeGreaterThan(5);
        expect(fromSandbox.paths).toEqual(fromBuild.paths);
        expect(fromSandbox.components).toEqual(fromBuild.components);
        expect(describeProblems(await lintOpenApi(fromSandbox))).toEqual([]);
      } finally {
        await service.stop();
      }
    } finally {
      await build.remove();
    }
    interrupt(run);
    await run.exited;
  }, 240_000);

  it('exits non-zero, saying which steps failed, when the service cannot do its work', async () => {
    // Every Intercom call times out and nothing is retried: every step fails.
    const run = runSandbox(['--once'], {
      PORT: String(await freePort()),
      INTERCOM_TIMEOUT_MS: '1',
      INBOX_MAX_ATTEMPTS: '1',
    });
    runs.push(run);

    const { code } = await run.exited;
    expect(code).toBe(1);
    const steps = reportedSteps(run.stdout());
    expect(steps.map((step) => step.verdict.slice(0, 1))).toEqual(['✗', '✗', '✗', '✗', '✗']);
    expect(steps[0].fields.webhook).toMatch(/→ failed: /);
    expect(steps[3].fields.sync).toMatch(/^contact not updated within \d+ s/);
    expect(run.stdout()).toContain('5 of 5 steps did not do what they should');
  });

  it('says clearly when the port is taken, before starting anything', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const { port } = busy.address() as { port: number };
    try {
      const run = runSandbox(['--once'], { PORT: String(port) });
      runs.push(run);
      const { code } = await run.exited;
      expect(code).toBe(1);
      expect(run.stderr()).toContain(
        `Port ${port} is already in use (another sandbox or service?). Stop it, or choose another port: PORT=${port + 1} npm run sandbox`,
      );
      expect(run.stdout()).not.toContain('Walkthrough');
    } finally {
      busy.close();
    }
  });
});
