/**
 * Who may call what (docs/reference.md, "Configuration"): METRICS_API_KEYS protects
 * GET /api/metrics with a bearer key; a caller that sends both Authorization and X-API-Key
 * (Swagger UI's Authorize dialog with both boxes filled) gets in when either holds a right key;
 * Swagger UI's scheme descriptions survive its HTML rendering.
 */
import { startTestApp, TEST_ADMIN_KEY, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';

const METRICS_KEY = 'metrics-key-4f0d9a';

describe('access keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_API_KEYS: `other-metrics-key, ${METRICS_KEY}` } });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/metrics with METRICS_API_KEYS set', () => {
    it('answers 401 without a key, or with a wrong one, in the error format', async () => {
      const none = await t.http().get('/api/metrics').expect(401);
      expect(none.body).toEqual({ error: 'Unauthorized' });
      const wrong = await t.http().get('/api/metrics').set('Authorization', 'Bearer nope');
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain('# TYPE');
    });

    it('serves the metrics to a bearer key of the list', async () => {
      const res = await t
        .http()
        .get('/api/metrics')
        .set('Authorization', `Bearer ${METRICS_KEY}`)
        .expect(200);
      expect(res.text).toContain('# TYPE natca_inbox_notifications gauge');
    });

    it('documents the key as optional, with its 401', async () => {
      const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
        paths: Record<string, { get: { security: unknown; responses: Record<string, unknown> } }>;
      };
      expect(doc.paths['/api/metrics'].get.security).toEqual([{}, { bearer: [] }]);
      expect(doc.paths['/api/metrics'].get.responses).toHaveProperty('401');
    });
  });

  describe('both Authorization and X-API-Key sent', () => {
    it('admin: an empty Bearer and the right X-API-Key gets in', async () => {
      await t
        .http()
        .get('/api/admin/notifications?limit=1')
        .set('Authorization', 'Bearer ')
        .set('X-API-Key', TEST_ADMIN_KEY)
        .expect(200);
    });

    it('admin: a wrong Bearer and the right X-API-Key gets in; two wrong keys do not', async () => {
      await t
        .http()
        .get('/api/admin/notifications?limit=1')
        .set('Authorization', 'Bearer not-the-key')
        .set('X-API-Key', TEST_ADMIN_KEY)
        .expect(200);
      await t
        .http()
        .get('/api/admin/notifications?limit=1')
        .set('Authorization', 'Bearer not-the-key')
        .set('X-API-Key', 'nor-this')
        .expect(401);
    });

    it('lookup: a wrong Bearer and the right X-API-Key gets an answer', async () => {
      const res = await t
        .http()
        .post('/api/intercom/lookup-email')
        .set('Authorization', 'Bearer not-the-key')
        .set('X-API-Key', TEST_LOOKUP_KEY)
        .send({ email: 'nobody@example.com' })
        .expect(200);
      expect(res.body).toEqual({ found: false });
    });
  });

  it("Swagger UI's security schemes say how to send a key without markup it would swallow", async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      components: { securitySchemes: Record<string, { description: string }> };
    };
    for (const scheme of Object.values(doc.components.securitySchemes)) {
      expect(scheme.description).not.toMatch(/[<>]/);
    }
    expect(doc.components.securitySchemes.bearer.description).toContain('Authorization: Bearer');
  });
});
