import { describeProblems, lintOpenApi } from '../support/openapi-lint';
import { startTestApp, type TestApp } from '../support/test-app';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
  >;
  components: {
    securitySchemes: Record<
      string,
      { type: string; scheme?: string; bearerFormat?: string; in?: string; name?: string }
    >;
  };
}

describe('documentation and operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => t.postgrest.faults.reset());

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('documents the lookup route, every status it answers, and both auth schemes', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const doc = res.body as OpenApiDocument;
    const lookup = doc.paths['/api/intercom/lookup-email']?.post;
    expect(lookup).toBeDefined();
    expect(Object.keys(lookup.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '415',
      '429',
      '500',
    ]);
    expect(lookup.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }]));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The keys are static API keys, not JWTs.
    expect(doc.components.securitySchemes.bearer).not.toHaveProperty('bearerFormat');
    expect(doc.components.securitySchemes['api-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    expect(JSON.stringify(lookup.responses['200'])).toContain('Facility President');
    // The throttle's answer names the standard header callers wait on.
    const throttled = lookup.responses['429'] as { description: string; headers?: object };
    expect(throttled.description).toContain('`Retry-After`');
    expect(throttled.headers).toHaveProperty('Retry-After');
    expect(JSON.stringify(doc)).toContain('"email"');
    expect(doc.paths['/api/health/ready']?.get.responses).toHaveProperty('503');
  });

  it('serves an OpenAPI document that redocly lint (recommended rules) passes without an error or a warning', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(describeProblems(await lintOpenApi(res.body))).toEqual([]);
  });

  it('lints for real: an operation with no security and no 4xx is reported', async () => {
    const problems = await lintOpenApi({
      openapi: '3.0.0',
      info: { title: 't', version: '1', license: { name: 'x', url: 'https://example.org' } },
      servers: [{ url: '/' }],
      paths: {
        '/api/x': {
          get: { summary: 'x', operationId: 'x', responses: { '200': { description: 'ok' } } },
        },
      },
    });
    expect(problems.map(({ ruleId, severity }) => `${severity} ${ruleId}`).sort()).toEqual([
      'error security-defined',
      'warn operation-4xx-response',
    ]);
  });

  it('refuses a body it cannot read on any route, as the document says (4XX on the public routes)', async () => {
    const res = await t
      .http()
      .get('/api/health')
      .set('Content-Type', 'application/json')
      .send('{"not json')
      .expect(400);
    expect(res.body).toEqual({ error: 'Malformed JSON body' });
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    for (const [path, method] of [
      ['/api/health', 'get'],
      ['/api/health/ready', 'get'],
      ['/api/intercom/webhook', 'head'],
      ['/api/intercom/webhook', 'post'],
    ]) {
      expect({ path, method, security: doc.paths[path][method].security }).toEqual({
        path,
        method,
        security: [],
      });
    }
    expect(doc.paths['/api/health'].get.responses).toHaveProperty('4XX');
    // Open unless METRICS_API_KEYS is set (test/e2e/access-keys.e2e-spec.ts).
    expect(doc.paths['/api/metrics'].get.security).toEqual([{}, { bearer: [] }]);
  });

  it('answers liveness', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('is ready when MySQL and Supabase answer and Intercom accepts the token', async () => {
    const res = await t.http().get('/api/health/ready').expect(200);
    expect(res.body.info).toEqual({
      mysql: { status: 'up' },
      supabase: { status: 'up' },
      intercom: { status: 'up' },
    });
  });

  it('is not ready (503) when Supabase fails, and says which dependency', async () => {
    t.postgrest.faults.failNext(1, 500);
    const res = await t.http().get('/api/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.supabase.status).toBe('down');
    expect(res.body.info.mysql.status).toBe('up');
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/.+/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.http().get('/api/nope').expect(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });
});
