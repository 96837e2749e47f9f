/**
 * Security promises (docs/reference.md, "Configuration" and "Delivery guarantees and safety"): production refuses to start
 * unprotected, secrets and payloads never reach a log, errors carry no internals.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inboxRows } from '../support/inbox-rows';
import { insertMember } from '../support/member-fixtures';
import {
  startTestApp,
  TEST_ADMIN_KEY,
  TEST_CLIENT_SECRET,
  TEST_INTERCOM_TOKEN,
  TEST_LOOKUP_KEY,
  TEST_SERVICE_ROLE_KEY,
  type TestApp,
} from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

/** The start-up line that says how webhooks are authenticated (pino levels: 30 info, 40 warn). */
const WEBHOOK_MODE_LOG = 'Intercom webhook mode';
const PINO_INFO = 30;
const PINO_WARN = 40;

const ROOT = join(__dirname, '..', '..');

/** Starts src/main.ts with this environment and returns how it ended, without waiting for a server. */
function start(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
    {
      cwd: join(ROOT, 'test'), // no .env here
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe('start-up safety checks', () => {
  const production = {
    NODE_ENV: 'production',
    INTERCOM_ACCESS_TOKEN: 'an-access-token',
    INTERCOM_CLIENT_SECRET: 'a-client-secret',
    LOOKUP_API_KEYS: 'a-lookup-key',
    SUPABASE_URL: 'http://127.0.0.1:9',
    SUPABASE_SERVICE_ROLE_KEY: 'a-service-role-key',
    PORT: '65000',
  };

  it.each(['INTERCOM_CLIENT_SECRET', 'INTERCOM_ACCESS_TOKEN', 'LOOKUP_API_KEYS'])(
    'production refuses to start without %s, in one clear line',
    (name) => {
      const result = start({ ...production, [name]: '' });
      expect(result.status).toBe(1);
      expect(result.stderr.split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^Invalid configuration: ${name} is required`)),
      ]);
    },
  );

  it('production refuses INTERCOM_WEBHOOK_UNSIGNED=allow, in one line naming it', () => {
    const result = start({ ...production, INTERCOM_WEBHOOK_UNSIGNED: 'allow' });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^Invalid configuration: INTERCOM_WEBHOOK_UNSIGNED must not be allow when NODE_ENV=production/,
      ),
    ]);
    expect(`${result.stdout}${result.stderr}`).not.toContain('a-client-secret');
  });

  it('a bad value stops the start with one line naming the variable, never its value', () => {
    const result = start({ PORT: 'eighty', MYSQL_PASS: 'hunter2-secret' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('Invalid configuration: PORT must be a number');
    expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2-secret');
  });
});

describe('webhooks without a client secret', () => {
  /** No secret under either name, whatever the shell running the tests has. */
  const noSecret = { INTERCOM_CLIENT_SECRET: '', INTERCOM_WEBHOOK_SECRET: '' };

  describe('by default', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { ...noSecret, INTERCOM_WEBHOOK_UNSIGNED: '' } });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('says at start, as a warning, that every notification is refused', () => {
      expect(t.logs.entries(WEBHOOK_MODE_LOG)).toEqual([
        expect.objectContaining({ level: PINO_WARN, mode: 'refused: no secret' }),
      ]);
    });

    it('refuses unsigned and signed-with-anything notifications 401, recording nothing', async () => {
      const payload = conversationNotification('contact-without-secret');
      const unsigned = await t.sendWebhook(payload, { secret: null }).expect(401);
      expect(unsigned.body).toEqual({ error: 'Invalid signature' });
      for (const secret of [TEST_CLIENT_SECRET, 'anything-at-all']) {
        const signed = await t.sendWebhook(payload, { secret }).expect(401);
        expect(signed.body).toEqual({ error: 'Invalid signature' });
      }
      await t
        .sendWebhook({ type: 'notification_event', topic: 'ping' }, { secret: null })
        .expect(401);
      expect(await inboxRows(t.mysql)).toEqual([]);
    });

    it("still answers Intercom's HEAD URL check with 200", async () => {
      await t.http().head('/api/intercom/webhook').expect(200);
    });
  });

  describe('with INTERCOM_WEBHOOK_UNSIGNED=allow', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { ...noSecret, INTERCOM_WEBHOOK_UNSIGNED: 'allow' } });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('says at start, as a warning, that unsigned notifications are allowed', () => {
      expect(t.logs.entries(WEBHOOK_MODE_LOG)).toEqual([
        expect.objectContaining({
          level: PINO_WARN,
          mode: 'unsigned allowed (INTERCOM_WEBHOOK_UNSIGNED=allow)',
        }),
      ]);
    });

    it('accepts and records an unsigned notification', async () => {
      const payload = conversationNotification('contact-unsigned-allowed');
      await t.sendWebhook(payload, { secret: null }).expect(200, { received: true });
      expect((await inboxRows(t.mysql)).map((row) => row.notification_id)).toEqual([payload.id]);
    });
  });
});

describe('what reaches the log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('says at start that webhooks are signed, without the secret', () => {
    expect(t.logs.entries(WEBHOOK_MODE_LOG)).toEqual([
      expect.objectContaining({ level: PINO_INFO, mode: 'signed' }),
    ]);
    expect(t.logs.text).not.toContain(TEST_CLIENT_SECRET);
  });

  it('never holds a secret, an authorization header or a whole payload', async () => {
    await insertMember(t.mysql, {
      membernumber: '4242',
      email: 'logged@example.com',
      phone: '(202) 555-0143',
    });
    const contact = t.intercom.store.addContact({ role: 'user', email: 'logged@example.com' });
    const payload = conversationNotification(contact.id);
    (payload.data as { item: Record<string, unknown> }).item.body = 'PAYLOAD-MARKER-do-not-log';
    await t.sendWebhook(payload).expect(200);
    await t.sendWebhook(payload, { secret: 'wrong-secret-value' }).expect(401);
    await waitFor(() => t.intercom.requests.some((r) => r.method === 'PUT'), 'the contact update');
    await t
      .http()
      .post('/api/intercom/lookup-email')
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email: 'logged@example.com' })
      .expect(200);
    await t.http().get('/api/admin/notifications').set('X-API-Key', TEST_ADMIN_KEY);
    await t.http().get('/api/health/ready').expect(200);

    const text = t.logs.text;
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [
      TEST_LOOKUP_KEY,
      TEST_ADMIN_KEY,
      TEST_CLIENT_SECRET,
      TEST_INTERCOM_TOKEN,
      TEST_SERVICE_ROLE_KEY,
      'wrong-secret-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('PAYLOAD-MARKER-do-not-log');
    expect(text).not.toMatch(/sha1=[0-9a-f]{40}/i);
    expect(text.toLowerCase()).not.toContain('"authorization"');
  });

  it('answers errors without stack traces, SQL or driver messages', async () => {
    await t.mysql.query('RENAME TABLE members TO members_hidden');
    try {
      const res = await t
        .http()
        .post('/api/intercom/lookup-email')
        .set('X-API-Key', TEST_LOOKUP_KEY)
        .send({ email: 'logged@example.com' })
        .expect(500);
      expect(res.text).toBe('{"error":"Internal server error"}');
    } finally {
      await t.mysql.query('RENAME TABLE members_hidden TO members');
    }
  });
});
