import { startTestApp, type TestApp } from '../support/test-app';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
  >;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
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
    expect(doc.components.securitySchemes['api-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    expect(JSON.stringify(lookup.responses['200'])).toContain('Facility President');
    expect(JSON.stringify(doc)).toContain('"email"');
    expect(doc.paths['/api/health/ready']?.get.responses).toHaveProperty('503');
  });

  it('answers liveness', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('is ready when MySQL and Supabase answer', async () => {
    const res = await t.http().get('/api/health/ready').expect(200);
    expect(res.body.info).toEqual({ mysql: { status: 'up' }, supabase: { status: 'up' } });
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
