/**
 * docs/reference.md, "Delivery guarantees and safety": a keep-alive connection that a gateway
 * forgot while it sat idle is sent again on a fresh connection, for idempotent calls. A TCP proxy
 * (test/support/tcp-proxy.ts, `resetIdleAfterMs`) stands in front of the PostgREST double and
 * in front of the Intercom double and resets any client connection idle past its limit when it
 * is next used, as Kong, Cloudflare or a load balancer do (FIELD-NOTES, "Reset keep-alive
 * sockets"). Lookups answer 200 and notifications are done at their first attempt.
 */
import { createPostgresDatabase, type TestPostgresDatabase } from '../support/databases';
import {
  startIntercomDouble,
  type IntercomDouble,
} from '../support/intercom-double/intercom-double';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { startPostgrestServer, type PostgrestServer } from '../support/postgrest/postgrest-server';
import { PrometheusText } from '../support/prometheus-text';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  startTestApp,
  TEST_INTERCOM_TOKEN,
  TEST_LOOKUP_KEY,
  TEST_SERVICE_ROLE_KEY,
  type TestApp,
} from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { conversationNotification } from '../support/webhook-payloads';

jest.setTimeout(60_000);

/** The gateways forget a connection idle this long (the measured one: a second). */
const GATEWAY_IDLE_MS = 300;
/**
 * How long the service's connections sit idle between two calls: past the gateways' limit,
 * within the service's own keep-alive (5 s for Supabase, 4 s for undici), so the next call
 * picks the connection the gateway forgot. Time is the fault here: a sleep, not a condition.
 */
const IDLE_MS = GATEWAY_IDLE_MS * 2;
const idle = () => new Promise((resolve) => setTimeout(resolve, IDLE_MS));

function gatewayFor(url: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(url);
  return startTcpProxy(
    { host: hostname, port: Number(port) },
    { resetIdleAfterMs: GATEWAY_IDLE_MS },
  );
}

describe('gateways that reset idle keep-alive connections', () => {
  let postgres: TestPostgresDatabase;
  let postgrest: PostgrestServer;
  let intercom: IntercomDouble;
  let supabaseGateway: TcpProxy;
  let intercomGateway: TcpProxy;
  let t: TestApp;

  const retries = async (dependency: string) =>
    new PrometheusText((await t.http().get('/api/metrics').expect(200)).text).value(
      'natca_http_retries_total',
      { dependency, reason: 'connection_reset' },
    );

  beforeAll(async () => {
    postgres = await createPostgresDatabase();
    postgrest = await startPostgrestServer({
      connectionString: postgres.connectionString,
      serviceKey: TEST_SERVICE_ROLE_KEY,
    });
    intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
    supabaseGateway = await gatewayFor(postgrest.url);
    intercomGateway = await gatewayFor(intercom.url);
    t = await startTestApp({
      postgres,
      postgrest,
      intercom,
      env: {
        SUPABASE_URL: `http://127.0.0.1:${supabaseGateway.port}`,
        INTERCOM_API_BASE_URL: `http://127.0.0.1:${intercomGateway.port}`,
      },
    });
    await seedGeography(t.mysql);
  });

  afterAll(async () => {
    await t?.close({ keepDatabases: false });
    await supabaseGateway?.close();
    await intercomGateway?.close();
    await postgrest?.close();
    await intercom?.close();
    await postgres?.drop();
  });

  it('lookups spaced past the gateway’s idle limit all answer 200 with the positions (none 500)', async () => {
    await insertMember(t.mysql, {
      membernumber: '31001',
      email: 'gateway.lookup@example.com',
      facility_id: 1,
    });
    await insertPositions(t.postgres, [
      { membernumber: '31001', positiontype: 'Facility President', start_date: daysFromToday(-30) },
    ]);
    const resetsBefore = supabaseGateway.resets;
    const retriedBefore = await retries('supabase');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      if (i > 0) await idle();
      const res = await t
        .http()
        .post('/api/intercom/lookup-email')
        .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
        .send({ email: 'gateway.lookup@example.com' });
      statuses.push(res.status);
      if (res.status === 200) expect(res.body.positions).toEqual(['Facility President']);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // The fault did happen: the gateway reset the idle connection before lookups 2 to 6.
    const resets = supabaseGateway.resets - resetsBefore;
    expect(resets).toBeGreaterThanOrEqual(5);
    expect((await retries('supabase')) - retriedBefore).toBe(resets);
  });

  it('notifications spaced past the gateway’s idle limit are enriched at their first attempt', async () => {
    const resetsBefore = intercomGateway.resets;
    const rows: Array<{ attempts: number; state: string }> = [];
    for (let i = 0; i < 4; i++) {
      if (i > 0) await idle();
      const email = `gateway.enrich${i}@example.com`;
      await insertMember(t.mysql, { membernumber: String(32_000 + i), email, facility_id: 1 });
      const contact = intercom.store.addContact({ role: 'user', email });
      const payload = conversationNotification(contact.id);
      await t.sendWebhook(payload).expect(200);
      const [row] = await waitFor(async () => {
        const found = await t.mysql.query<Array<{ attempts: number; state: string }>>(
          'SELECT attempts, state FROM intercom_notifications WHERE notification_id = ?',
          [payload.id],
        );
        return found[0]?.state === 'done' || found[0]?.state === 'failed' ? found : undefined;
      }, `notification ${i} to be processed`);
      rows.push(row);
      expect(intercom.store.getContact(contact.id)?.custom_attributes.member_number).toBe(
        String(32_000 + i),
      );
    }
    // No backoff: one attempt each, although the gateway reset the connection each time.
    expect(rows).toEqual(Array.from({ length: 4 }, () => ({ attempts: 1, state: 'done' })));
    expect(intercomGateway.resets - resetsBefore).toBeGreaterThanOrEqual(3);
    expect(await retries('intercom')).toBeGreaterThanOrEqual(3);
    expect(intercom.validationErrors).toEqual([]);
  });
});
