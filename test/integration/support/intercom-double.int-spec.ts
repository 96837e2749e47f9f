/**
 * The Intercom test double, exercised over HTTP with plain fetch.
 * Responses are also checked against the schemas of Intercom's OpenAPI description.
 */
import {
  type IntercomDouble,
  type IntercomDoubleOptions,
  startIntercomDouble,
} from '../../support/intercom-double/intercom-double';
import { FixedWindowRateLimiter } from '../../support/intercom-double/rate-limiter';
import {
  DEFAULT_OPENAPI_PATH,
  type IntercomOpenApi,
  loadIntercomOpenApi,
} from '../../support/intercom-double/openapi-request-validator';

const TOKEN = 'test-token';

interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, typed like JSON.parse's result: the tests read it loosely. */
  body: ReturnType<typeof JSON.parse>;
}

async function call(
  double: IntercomDouble,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${double.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      'Intercom-Version': '2.11',
      Accept: 'application/json',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

let openApi: IntercomOpenApi;

/** The response has the shape the description documents for that operation and status. */
function expectDocumented(operationId: string, reply: Reply): void {
  expect(openApi.validateResponse(operationId, reply.status, reply.body)).toEqual([]);
}

describe('Intercom test double', () => {
  let double: IntercomDouble;

  async function start(options: IntercomDoubleOptions = {}): Promise<IntercomDouble> {
    await double?.close();
    double = await startIntercomDouble({ token: TOKEN, ...options });
    return double;
  }

  beforeAll(async () => {
    const started = performance.now();
    openApi = await loadIntercomOpenApi();
    const firstLoadMs = performance.now() - started;
    console.log(
      `Intercom OpenAPI: parse ${openApi.timings.parseMs.toFixed(0)} ms, ` +
        `openapi-backend init ${openApi.timings.initMs.toFixed(0)} ms, ` +
        `first load ${firstLoadMs.toFixed(0)} ms; patches: ${openApi.specPatches.length}`,
    );
  });

  beforeEach(async () => {
    await start();
  });

  afterEach(async () => {
    await double.close();
  });

  describe('start-up', () => {
    it('parses the description once per process and reuses it for every double', async () => {
      expect(await loadIntercomOpenApi(DEFAULT_OPENAPI_PATH)).toBe(openApi);
      expect(DEFAULT_OPENAPI_PATH).toMatch(
        /\/test\/fixtures\/intercom\/api\.intercom\.io\.2\.11\.yaml$/,
      );
      expect(openApi.specPatches).toEqual(
        expect.arrayContaining([
          'defined missing schema #/components/schemas/custom_attributes as a free-form object',
        ]),
      );

      const started = performance.now();
      const doubles = await Promise.all(
        Array.from({ length: 10 }, () => startIntercomDouble({ token: TOKEN })),
      );
      const elapsed = performance.now() - started;
      await Promise.all(doubles.map((d) => d.close()));
      console.log(`10 more doubles started in ${elapsed.toFixed(0)} ms`);
      expect(new Set(doubles.map((d) => d.url)).size).toBe(10);
      expect(elapsed).toBeLessThan(2000);
    });

    it('fails fast when the description file does not exist', async () => {
      await expect(
        startIntercomDouble({ openapiPath: '/nonexistent/intercom.yaml' }),
      ).rejects.toThrow(/ENOENT/);
    });
  });

  describe('GET /me and authentication', () => {
    it('answers the admin, records the request with its Intercom-Version header', async () => {
      const reply = await call(double, 'GET', '/me');

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ type: 'admin', id: double.store.admin.id });
      expectDocumented('identifyAdmin', reply);
      expect(double.requests).toHaveLength(1);
      expect(double.requests[0]).toMatchObject({ method: 'GET', path: '/me', status: 200 });
      expect(double.requests[0].headers['intercom-version']).toBe('2.11');
      expect(double.requests[0].at).toBeLessThanOrEqual(Date.now());
    });

    it('answers 401 with Intercom body for a missing or wrong token', async () => {
      const wrong = await call(double, 'GET', '/me', undefined, { Authorization: 'Bearer nope' });
      const none = await fetch(`${double.url}/me`);

      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
      });
      expect(none.status).toBe(401);
      expect(double.requests.map((r) => r.status)).toEqual([401, 401]);
    });

    it('does not check the token when none is configured', async () => {
      await start({ token: undefined });
      const res = await fetch(`${double.url}/me`);
      expect(res.status).toBe(200);
    });
  });

  describe('contacts', () => {
    it('GET returns the documented contact, 404 for an unknown id', async () => {
      const seeded = double.store.addContact({
        role: 'user',
        email: 'Ann@Example.com',
        phone: '+15551234567',
        name: 'Ann',
        custom_attributes: { member_number: '123' },
      });

      const found = await call(double, 'GET', `/contacts/${seeded.id}`);
      const missing = await call(double, 'GET', '/contacts/000000000000000000000000');

      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({
        type: 'contact',
        id: seeded.id,
        role: 'user',
        email: 'Ann@Example.com',
        phone: '+15551234567',
        name: 'Ann',
        custom_attributes: { member_number: '123' },
        created_at: seeded.created_at,
        updated_at: seeded.updated_at,
      });
      expectDocumented('ShowContact', found);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'not_found', message: 'User Not Found' }],
      });
    });

    it('PUT merges custom attributes key by key and sets the given fields', async () => {
      const seeded = double.store.addContact({
        role: 'lead',
        email: 'old@example.com',
        custom_attributes: { a: '1', b: '2' },
        created_at: 1_600_000_000,
      });
      // Only attributes the workspace has can be written (seeded values need not exist).
      double.store.addDataAttribute({ name: 'b' });
      double.store.addDataAttribute({ name: 'c' });

      const reply = await call(double, 'PUT', `/contacts/${seeded.id}`, {
        role: 'user',
        email: 'new@example.com',
        phone: '+15550000000',
        name: 'New Name',
        custom_attributes: { b: 'two', c: null },
      });

      expect(reply.status).toBe(200);
      expectDocumented('UpdateContact', reply);
      expect(reply.body.custom_attributes).toEqual({ a: '1', b: 'two', c: null });
      expect(double.store.getContact(seeded.id)).toMatchObject({
        role: 'user',
        email: 'new@example.com',
        phone: '+15550000000',
        name: 'New Name',
        custom_attributes: { a: '1', b: 'two', c: null },
      });
      expect(reply.body.updated_at).toBeGreaterThan(1_600_000_000);

      const unknown = await call(double, 'PUT', '/contacts/nope', { name: 'x' });
      expect(unknown.status).toBe(404);
    });

    it('POST creates a contact and answers 409 with the id for a duplicate user email', async () => {
      const created = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'dup@example.com',
        phone: '+15551112222',
        name: 'Dup',
        custom_attributes: { member_number: '42' },
      });
      expect(created.status).toBe(200);
      expectDocumented('CreateContact', created);
      expect(double.store.getContact(created.body.id)).toMatchObject({
        role: 'user',
        email: 'dup@example.com',
        custom_attributes: { member_number: '42' },
      });

      const duplicate = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'DUP@example.com',
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [
          {
            code: 'conflict',
            message: `A contact matching those details already exists with id=${created.body.id}`,
          },
        ],
      });
      expect(double.store.contacts()).toHaveLength(1);

      const lead = await call(double, 'POST', '/contacts', {
        role: 'lead',
        email: 'dup@example.com',
      });
      expect(lead.status).toBe(200);
      expect(lead.body.role).toBe('lead');
    });

    it('archive marks the contact archived; GET answers 404, search leaves it out', async () => {
      const contact = double.store.addContact({ email: 'arch@example.com' });

      const reply = await call(double, 'POST', `/contacts/${contact.id}/archive`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        type: 'contact',
        id: contact.id,
        external_id: null,
        archived: true,
      });
      expectDocumented('ArchiveContact', reply);
      expect(double.store.getContact(contact.id)?.archived).toBe(true);

      expect((await call(double, 'GET', `/contacts/${contact.id}`)).status).toBe(404);
      const search = await call(double, 'POST', '/contacts/search', {
        query: { field: 'email', operator: '=', value: 'arch@example.com' },
      });
      expect(search.body.total_count).toBe(0);
      expect((await call(double, 'POST', '/contacts/nope/archive')).status).toBe(404);
    });
  });

  describe('workspace data attributes (FIELD-NOTES: custom data attributes)', () => {
    const customNames = (reply: Reply): string[] =>
      reply.body.data
        .filter((a: { custom: boolean }) => a.custom)
        .map((a: { name: string }) => a.name);

    it('GET /data_attributes lists them; POST creates one and answers 400 for a name that exists', async () => {
      double.store.addDataAttribute({ name: 'old_badge', archived: true });

      const listed = await call(double, 'GET', '/data_attributes?model=contact');
      expect(listed.status).toBe(200);
      expectDocumented('listDataAttributes', listed);
      expect(listed.body.type).toBe('list');
      expect(customNames(listed)).toEqual([
        'member_number',
        'member_type',
        'region',
        'facility',
        'positions',
      ]);
      expect(listed.body.data).toContainEqual(
        expect.objectContaining({
          type: 'data_attribute',
          id: expect.any(Number),
          model: 'contact',
          name: 'facility',
          full_name: 'custom_attributes.facility',
          label: 'facility',
          description: expect.any(String),
          data_type: 'string',
          custom: true,
          archived: false,
        }),
      );
      for (const standard of ['name', 'email', 'phone']) {
        expect(listed.body.data).toContainEqual(
          expect.objectContaining({ name: standard, full_name: standard, custom: false }),
        );
      }

      const withArchived = await call(
        double,
        'GET',
        '/data_attributes?model=contact&include_archived=true',
      );
      expect(withArchived.status).toBe(200);
      expect(customNames(withArchived)).toContain('old_badge');
      expect(
        withArchived.body.data.find((a: { name: string }) => a.name === 'old_badge'),
      ).toMatchObject({ archived: true, full_name: 'custom_attributes.old_badge' });

      const created = await call(double, 'POST', '/data_attributes', {
        name: 'seniority',
        model: 'contact',
        data_type: 'string',
        description: 'Seniority date',
      });
      expect(created.status).toBe(200);
      expectDocumented('createDataAttribute', created);
      expect(created.body).toMatchObject({
        type: 'data_attribute',
        id: expect.any(Number),
        model: 'contact',
        name: 'seniority',
        full_name: 'custom_attributes.seniority',
        description: 'Seniority date',
        data_type: 'string',
        custom: true,
        archived: false,
      });
      expect(double.store.dataAttribute('seniority')).toMatchObject({
        name: 'seniority',
        custom: true,
        archived: false,
        description: 'Seniority date',
      });
      const relisted = await call(double, 'GET', '/data_attributes?model=contact');
      expect(customNames(relisted)).toEqual([...customNames(listed), 'seniority']);

      const before = double.store.dataAttributes();
      const duplicate = await call(double, 'POST', '/data_attributes', {
        name: 'facility',
        model: 'contact',
        data_type: 'string',
      });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [
          {
            code: 'parameter_invalid',
            message: "You already have 'facility' as a contact attribute",
          },
        ],
      });
      expectDocumented('createDataAttribute', duplicate);
      expect(double.store.dataAttributes()).toEqual(before);

      // The store models contact attributes only: other models are a gap, not an answer.
      const company = await call(double, 'GET', '/data_attributes?model=company');
      expect(company.status).toBe(501);
      expect(double.validationErrors).toEqual([]);
    });

    it('a write naming an unknown attribute (exact names) is refused as a whole with 400', async () => {
      const contact = double.store.addContact({
        role: 'user',
        email: 'attrs@example.com',
        name: 'Before',
        custom_attributes: { facility: 'ZAU' },
      });
      const refusal = (name: string) => ({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [
          { code: 'parameter_invalid', message: `Custom attribute '${name}' does not exist` },
        ],
      });

      const wrongCase = await call(double, 'PUT', `/contacts/${contact.id}`, {
        name: 'After',
        custom_attributes: { region: 'GL', Facility: 'ZOB' },
      });
      expect(wrongCase.status).toBe(400);
      expect(wrongCase.body).toEqual(refusal('Facility'));
      expect(double.store.getContact(contact.id)).toEqual(contact);

      const created = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'new-attrs@example.com',
        custom_attributes: { member_number: '7', shoe_size: '11' },
      });
      expect(created.status).toBe(400);
      expect(created.body).toEqual(refusal('shoe_size'));
      expect(double.store.contacts()).toEqual([contact]);

      // A standard attribute is no custom attribute.
      const standard = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { email: 'x' },
      });
      expect(standard.status).toBe(400);
      expect(standard.body).toEqual(refusal('email'));

      // A workspace that lacks one of the service's attributes.
      expect(double.store.removeDataAttribute('facility')).toMatchObject({ name: 'facility' });
      expect(double.store.dataAttribute('facility')).toBeUndefined();
      const missing = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_number: '7', facility: 'ZOB' },
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual(refusal('facility'));
      expect(double.store.getContact(contact.id)).toEqual(contact);
      expect(() => double.store.removeDataAttribute('facility')).toThrow(/facility/);

      const valid = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_number: '7' },
      });
      expect(valid.status).toBe(200);
      expect(double.store.getContact(contact.id)?.custom_attributes).toEqual({
        facility: 'ZAU',
        member_number: '7',
      });
      expect(double.validationErrors).toEqual([]);
    });

    it('list attributes take their options only, types must fit: else 400, nothing written', async () => {
      const contact = double.store.addContact({ role: 'user', email: 'list@example.com' });
      double.store.updateDataAttribute('member_type', { options: ['Current Member', 'Member'] });
      double.store.addDataAttribute({ name: 'seniority', data_type: 'integer' });

      const listed = await call(double, 'GET', '/data_attributes?model=contact');
      expectDocumented('listDataAttributes', listed);
      const memberType = listed.body.data.find((a: { name: string }) => a.name === 'member_type');
      expect(memberType.options).toEqual(['Current Member', 'Member']);
      expect(
        listed.body.data.find((a: { name: string }) => a.name === 'region'),
      ).not.toHaveProperty('options');

      const outside = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_number: '7', member_type: 'Retired Member' },
      });
      expect(outside.status).toBe(400);
      expect(outside.body.errors).toEqual([
        {
          code: 'parameter_invalid',
          message: "'Retired Member' is not a valid option for the list attribute 'member_type'",
        },
      ]);
      const created = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'list2@example.com',
        custom_attributes: { member_type: 'Retired Member' },
      });
      expect(created.status).toBe(400);

      const mismatch = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_number: '7', seniority: 'twelve' },
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors[0]).toEqual({
        code: 'parameter_invalid',
        message: "Custom attribute 'seniority' must be of type integer",
      });
      expect(double.store.getContact(contact.id)).toEqual(contact);
      expect(double.store.contacts()).toEqual([contact]);

      double.store.valueRefusalWording = 'names nothing';
      const unnamed = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_type: 'Retired Member' },
      });
      expect(unnamed.status).toBe(400);
      expect(JSON.stringify(unnamed.body)).not.toMatch(/member_type|Retired/);

      const fits = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_type: 'Member', seniority: 12 },
      });
      expect(fits.status).toBe(200);
      expect(double.store.getContact(contact.id)?.custom_attributes).toEqual({
        member_type: 'Member',
        seniority: 12,
      });
      expect(double.validationErrors).toEqual([]);
    });

    it('an archived attribute is not listed, and a write to it succeeds storing nothing', async () => {
      const contact = double.store.addContact({ role: 'user', email: 'archived-attr@example.com' });
      double.store.updateDataAttribute('facility', { archived: true });
      const listed = await call(double, 'GET', '/data_attributes?model=contact');
      expect(listed.body.data.map((a: { name: string }) => a.name)).not.toContain('facility');

      const reply = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { member_number: '7', facility: 'ZAU' },
      });
      expect(reply.status).toBe(200);
      expect(double.store.getContact(contact.id)?.custom_attributes).toEqual({
        member_number: '7',
      });
      const created = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'archived-attr2@example.com',
        custom_attributes: { facility: 'ZAU' },
      });
      expect(created.status).toBe(200);
      expect(created.body.custom_attributes).toEqual({});
    });

    it('a string value over 255 characters is refused as a whole with 400', async () => {
      const contact = double.store.addContact({ role: 'user', email: 'long@example.com' });

      const tooLong = await call(double, 'PUT', `/contacts/${contact.id}`, {
        name: 'Long',
        custom_attributes: { member_number: '1', positions: 'x'.repeat(256) },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.type).toBe('error.list');
      expect(tooLong.body.errors).toEqual([
        { code: 'parameter_invalid', message: expect.stringContaining("'positions'") },
      ]);
      expect(double.store.getContact(contact.id)).toEqual(contact);

      const createTooLong = await call(double, 'POST', '/contacts', {
        email: 'long2@example.com',
        custom_attributes: { facility: 'y'.repeat(300) },
      });
      expect(createTooLong.status).toBe(400);
      expect(createTooLong.body.errors[0]).toMatchObject({
        code: 'parameter_invalid',
        message: expect.stringContaining("'facility'"),
      });
      expect(double.store.contacts()).toEqual([contact]);

      const atTheCap = await call(double, 'PUT', `/contacts/${contact.id}`, {
        custom_attributes: { positions: 'x'.repeat(255) },
      });
      expect(atTheCap.status).toBe(200);
      expect(double.store.getContact(contact.id)?.custom_attributes.positions).toHaveLength(255);
      expect(double.validationErrors).toEqual([]);
    });
  });

  describe('archived contacts (FIELD-NOTES: contacts)', () => {
    it('answer 404 to GET and PUT, make a user create answer the archived 409, and come back when unarchived', async () => {
      const archived = double.store.addContact({
        role: 'user',
        email: 'gone@example.com',
        name: 'Gone',
        archived: true,
      });

      const get = await call(double, 'GET', `/contacts/${archived.id}`);
      const put = await call(double, 'PUT', `/contacts/${archived.id}`, { name: 'Changed' });
      expect(get.status).toBe(404);
      expect(get.body).toMatchObject({
        errors: [{ code: 'not_found', message: 'User Not Found' }],
      });
      expect(put.status).toBe(404);
      expect(put.body.errors[0].code).toBe('not_found');
      expect(double.store.getContact(archived.id)).toEqual(archived);

      const create = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'GONE@example.com',
      });
      expect(create.status).toBe(409);
      expect(create.body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [
          {
            code: 'conflict',
            message: `An archived contact matching those details already exists with id=${archived.id}`,
          },
        ],
      });
      expect(double.store.contacts()).toEqual([archived]);
      // Leads never conflict.
      const lead = await call(double, 'POST', '/contacts', {
        role: 'lead',
        email: 'gone@example.com',
      });
      expect(lead.status).toBe(200);

      const unarchived = await call(double, 'POST', `/contacts/${archived.id}/unarchive`);
      expect(unarchived.status).toBe(200);
      expectDocumented('UnarchiveContact', unarchived);
      expect(unarchived.body).toEqual({
        type: 'contact',
        id: archived.id,
        external_id: null,
        archived: false,
      });
      expect((await call(double, 'GET', `/contacts/${archived.id}`)).status).toBe(200);
      const renamed = await call(double, 'PUT', `/contacts/${archived.id}`, { name: 'Back' });
      expect(renamed.status).toBe(200);
      expect(double.store.getContact(archived.id)?.name).toBe('Back');
      const liveDuplicate = await call(double, 'POST', '/contacts', {
        email: 'gone@example.com',
      });
      expect(liveDuplicate.status).toBe(409);
      expect(liveDuplicate.body.errors).toEqual([
        {
          code: 'conflict',
          message: `A contact matching those details already exists with id=${archived.id}`,
        },
      ]);
      expect(double.validationErrors).toEqual([]);
    });

    it('deleted for good: still the archived 409, but GET, PUT and unarchive fail (404 by default, 500 when set)', async () => {
      const deleted = double.store.addContact({ email: 'erased@example.com', deleted: true });
      expect(deleted.archived).toBe(true);
      expect(double.store.getContact(deleted.id)).toBeUndefined();
      expect(double.store.contacts()).toEqual([]);
      expect(double.store.deletedForGood(deleted.id)).toEqual({
        contact: deleted,
        unarchiveStatus: 404,
      });

      const create = await call(double, 'POST', '/contacts', {
        role: 'user',
        email: 'erased@example.com',
      });
      expect(create.status).toBe(409);
      expect(create.body.errors).toEqual([
        {
          code: 'conflict',
          message: `An archived contact matching those details already exists with id=${deleted.id}`,
        },
      ]);
      expect(double.store.contacts()).toEqual([]);

      for (const [method, path, body] of [
        ['POST', `/contacts/${deleted.id}/unarchive`, undefined],
        ['GET', `/contacts/${deleted.id}`, undefined],
        ['PUT', `/contacts/${deleted.id}`, { name: 'x' }],
      ] as const) {
        const reply = await call(double, method, path, body);
        expect([method, reply.status]).toEqual([method, 404]);
        expect(reply.body).toMatchObject({ type: 'error.list', errors: [{ code: 'not_found' }] });
      }
      const search = await call(double, 'POST', '/contacts/search', {
        query: { field: 'email', operator: '=', value: 'erased@example.com' },
      });
      expect(search.body.total_count).toBe(0);

      const live = double.store.addContact({ email: 'erased-later@example.com' });
      expect(double.store.deleteForGood(live.id, { unarchiveStatus: 500 }).archived).toBe(true);
      for (let i = 0; i < 2; i += 1) {
        const failed = await call(double, 'POST', `/contacts/${live.id}/unarchive`);
        expect(failed.status).toBe(500);
        expect(failed.body.errors[0].code).toBe('server_error');
      }
      expect(double.store.deletedForGood(live.id)?.unarchiveStatus).toBe(500);
      expect(() => double.store.deleteForGood(live.id)).toThrow(/unknown contact/);
      const other = double.store.addContact({});
      expect(() => double.store.deleteForGood(other.id, { unarchiveStatus: 400 })).toThrow(
        /404 or a 5xx/,
      );
      expect(double.validationErrors).toEqual([]);
    });
  });

  describe('OpenAPI request validation', () => {
    it('rejects a body that violates the description with 400 and records it', async () => {
      const reply = await call(double, 'POST', '/contacts', {
        email: 'x@example.com',
        custom_attributes: 'not-an-object',
      });

      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe('error.list');
      expect(reply.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'parameter_invalid', field: 'custom_attributes' }),
        ]),
      );
      expect(double.validationErrors).toHaveLength(1);
      expect(double.validationErrors[0]).toMatchObject({ method: 'POST', path: '/contacts' });
      expect(JSON.stringify(double.validationErrors[0].errors)).toContain('custom_attributes');
      expect(double.store.contacts()).toHaveLength(0);
      expect(double.requests[0].status).toBe(400);
    });

    it('rejects an unknown path and an undocumented method with 404 and records both', async () => {
      const unknownPath = await call(double, 'GET', '/contact/123');
      const wrongMethod = await call(double, 'PATCH', '/contacts/123', { name: 'x' });

      expect(unknownPath.status).toBe(404);
      expect(unknownPath.body.errors[0].code).toBe('not_found');
      expect(wrongMethod.status).toBe(404);
      expect(double.validationErrors.map((v) => `${v.method} ${v.path}`)).toEqual([
        'GET /contact/123',
        'PATCH /contacts/123',
      ]);
      expect(JSON.stringify(double.validationErrors[0].errors)).toContain(
        'no operation of the description matches GET /contact/123',
      );
      expect(JSON.stringify(double.validationErrors[1].errors)).toContain(
        'no PATCH operation on it',
      );
    });

    it('rejects missing required fields, bad operators, bad headers, bad JSON and unknown query params', async () => {
      const noIntoField = await call(double, 'POST', '/contacts/merge', { from: 'a' });
      const badOperator = await call(double, 'POST', '/contacts/search', {
        query: { field: 'email', operator: 'LIKE', value: 'x' },
      });
      const noQuery = await call(double, 'POST', '/contacts/search', {});
      const badVersion = await call(double, 'GET', '/me', undefined, { 'Intercom-Version': '9.9' });
      const badJson = await call(double, 'PUT', '/contacts/abc', '{"name": ');
      const unknownQuery = await call(double, 'GET', '/tags?colour=red');
      const noAdminId = await call(double, 'DELETE', '/conversations/1/tags/2', {});

      expect(noIntoField.status).toBe(400);
      expect(noIntoField.body.errors).toContainEqual(
        expect.objectContaining({
          code: 'parameter_not_found',
          message: 'into is a required parameter',
        }),
      );
      for (const reply of [badOperator, noQuery, badVersion, badJson, unknownQuery, noAdminId]) {
        expect(reply.status).toBe(400);
        expect(reply.body.type).toBe('error.list');
      }
      expect(double.validationErrors).toHaveLength(7);
    });

    it('answers 501 for a documented operation the double does not implement', async () => {
      const reply = await call(double, 'GET', '/contacts?per_page=5');
      expect(reply.status).toBe(501);
      expect(reply.body.errors[0].message).toContain('ListContacts');
      expect(double.validationErrors).toHaveLength(0);
    });
  });

  describe('POST /contacts/search', () => {
    function seedMembers(): string[] {
      const ids: string[] = [];
      for (let i = 1; i <= 5; i += 1) {
        ids.push(
          double.store.addContact({
            role: 'user',
            email: `member${i}@natca.test`,
            name: `Member ${i}`,
            created_at: 1_700_000_000 + i,
            custom_attributes: { facility: i % 2 ? 'ZOB' : 'ZAU', member_number: String(i) },
          }).id,
        );
      }
      return ids;
    }

    const search = (body: unknown): Promise<Reply> =>
      call(double, 'POST', '/contacts/search', body);
    const idsOf = (reply: Reply): string[] => reply.body.data.map((c: { id: string }) => c.id);

    it('pages with opaque cursors in created_at order and omits next on the last page', async () => {
      const ids = seedMembers();
      double.store.addContact({
        role: 'lead',
        email: 'lead@natca.test',
        created_at: 1_700_000_100,
      });
      const query = { field: 'role', operator: '=', value: 'user' };

      const first = await search({ query, pagination: { per_page: 2 } });
      expect(first.status).toBe(200);
      expectDocumented('SearchContacts', first);
      expect(idsOf(first)).toEqual(ids.slice(0, 2));
      expect(first.body).toMatchObject({
        type: 'list',
        total_count: 5,
        pages: { type: 'pages', page: 1, per_page: 2, total_pages: 3 },
      });
      expect(first.body.pages.next).toEqual({
        page: 2,
        starting_after: expect.any(String),
        per_page: 2,
      });

      const second = await search({
        query,
        pagination: { per_page: 2, starting_after: first.body.pages.next.starting_after },
      });
      expect(idsOf(second)).toEqual(ids.slice(2, 4));
      expect(second.body.pages.page).toBe(2);

      const third = await search({
        query,
        pagination: { per_page: 2, starting_after: second.body.pages.next.starting_after },
      });
      expect(idsOf(third)).toEqual(ids.slice(4));
      expect(third.body.pages.page).toBe(3);
      expect(third.body.pages).not.toHaveProperty('next');
      expectDocumented('SearchContacts', third);

      const badCursor = await search({ query, pagination: { per_page: 2, starting_after: 'xyz' } });
      expect(badCursor.status).toBe(400);
    });

    it('supports AND/OR, custom attributes, IN/NIN, ~ ^, date comparisons and email case', async () => {
      const ids = seedMembers();

      const zobOrFive = await search({
        query: {
          operator: 'OR',
          value: [
            {
              operator: 'AND',
              value: [
                { field: 'custom_attributes.facility', operator: '=', value: 'ZOB' },
                { field: 'created_at', operator: '>', value: 1_700_000_001 },
              ],
            },
            { field: 'email', operator: '=', value: 'MEMBER4@NATCA.TEST' },
          ],
        },
      });
      expect(idsOf(zobOrFive)).toEqual([ids[2], ids[3], ids[4]]);

      const inList = await search({
        query: { field: 'custom_attributes.member_number', operator: 'IN', value: ['1', '5'] },
      });
      expect(idsOf(inList)).toEqual([ids[0], ids[4]]);

      const notIn = await search({ query: { field: 'id', operator: 'NIN', value: ids.slice(1) } });
      expect(idsOf(notIn)).toEqual([ids[0]]);

      const contains = await search({ query: { field: 'email', operator: '~', value: 'BER3@' } });
      expect(idsOf(contains)).toEqual([ids[2]]);

      const startsWith = await search({ query: { field: 'name', operator: '^', value: 'Member' } });
      expect(startsWith.body.total_count).toBe(5);

      const before = await search({
        query: { field: 'created_at', operator: '<', value: '1700000003' },
      });
      expect(idsOf(before)).toEqual(ids.slice(0, 2));

      const notEqual = await search({
        query: { field: 'custom_attributes.facility', operator: '!=', value: 'ZOB' },
      });
      expect(idsOf(notEqual)).toEqual([ids[1], ids[3]]);

      const updatedAfter = await search({
        query: { field: 'updated_at', operator: '>', value: 1_700_000_004 },
      });
      expect(idsOf(updatedAfter)).toEqual([ids[4]]);
    });

    it('matches unset, null and empty custom attributes with = null', async () => {
      const unset = double.store.addContact({ email: 'a@x.test', created_at: 1 });
      const isNull = double.store.addContact({
        email: 'b@x.test',
        created_at: 2,
        custom_attributes: { position: null },
      });
      const empty = double.store.addContact({
        email: 'c@x.test',
        created_at: 3,
        custom_attributes: { position: '' },
      });
      const set = double.store.addContact({
        email: 'd@x.test',
        created_at: 4,
        custom_attributes: { position: 'FacRep' },
      });

      const none = await search({
        query: { field: 'custom_attributes.position', operator: '=', value: null },
      });
      const some = await search({
        query: { field: 'custom_attributes.position', operator: '!=', value: null },
      });

      expect(idsOf(none)).toEqual([unset.id, isNull.id, empty.id]);
      expect(idsOf(some)).toEqual([set.id]);
    });

    it('answers 400 for what Intercom refuses: unknown fields and != on dates', async () => {
      const unknownField = await search({ query: { field: 'shoe_size', operator: '=', value: 1 } });
      const dateNotEqual = await search({
        query: { field: 'created_at', operator: '!=', value: 1 },
      });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors[0].code).toBe('parameter_invalid');
      expect(dateNotEqual.status).toBe(400);
    });
  });

  describe('POST /contacts/merge', () => {
    it('merges a lead into a user: the lead is gone and its conversations move', async () => {
      const lead = double.store.addContact({
        role: 'lead',
        email: 'visitor@example.com',
        phone: '+15557654321',
        custom_attributes: { source: 'chat', facility: 'ZOB' },
      });
      const user = double.store.addContact({
        role: 'user',
        email: 'member@example.com',
        custom_attributes: { facility: 'ZAU' },
      });
      const conversation = double.store.addConversation({ contactIds: [lead.id] });

      const reply = await call(double, 'POST', '/contacts/merge', { from: lead.id, into: user.id });

      expect(reply.status).toBe(200);
      expectDocumented('MergeContact', reply);
      expect(reply.body).toMatchObject({
        type: 'contact',
        id: user.id,
        role: 'user',
        email: 'member@example.com',
        phone: '+15557654321',
        custom_attributes: { facility: 'ZAU', source: 'chat' },
      });
      expect((await call(double, 'GET', `/contacts/${lead.id}`)).status).toBe(404);
      expect(double.store.getContact(lead.id)).toBeUndefined();
      expect(double.store.mergedInto(lead.id)).toBe(user.id);
      const moved = await call(double, 'GET', `/conversations/${conversation.id}`);
      expect(moved.body.contacts.contacts).toEqual([
        { type: 'contact', id: user.id, external_id: null },
      ]);

      const again = await call(double, 'POST', '/contacts/merge', { from: lead.id, into: user.id });
      expect(again.status).toBe(404);
      expect(again.body.errors[0].code).toBe('not_found');
    });

    it('refuses to merge a user away or into a lead with 400', async () => {
      const leadA = double.store.addContact({ role: 'lead' });
      const leadB = double.store.addContact({ role: 'lead' });
      const user = double.store.addContact({ role: 'user', email: 'u@example.com' });

      const fromUser = await call(double, 'POST', '/contacts/merge', {
        from: user.id,
        into: leadA.id,
      });
      const intoLead = await call(double, 'POST', '/contacts/merge', {
        from: leadA.id,
        into: leadB.id,
      });

      expect(fromUser.status).toBe(400);
      expect(fromUser.body.type).toBe('error.list');
      expect(intoLead.status).toBe(400);
      expect(double.store.contacts()).toHaveLength(3);
    });

    it('refuses an unmergeable lead with 422 and an empty code, changing nothing', async () => {
      const lead = double.store.addContact({
        role: 'lead',
        email: 'whatsapp@example.com',
        phone: '+15550001111',
        unmergeable: true,
      });
      const user = double.store.addContact({ role: 'user', email: 'member@example.com' });
      const conversation = double.store.addConversation({ contactIds: [lead.id] });
      expect(double.store.isUnmergeable(lead.id)).toBe(true);

      const refused = await call(double, 'POST', '/contacts/merge', {
        from: lead.id,
        into: user.id,
      });

      expect(refused.status).toBe(422);
      expect(refused.body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [{ code: '', message: 'Contact cannot be merged' }],
      });
      expect(double.store.contacts()).toEqual([lead, user]);
      expect(double.store.mergedInto(lead.id)).toBeUndefined();
      expect(double.store.conversation(conversation.id)?.contact_ids).toEqual([lead.id]);
      expect((await call(double, 'GET', `/contacts/${lead.id}`)).status).toBe(200);

      // The mark can also be set (or lifted) on an existing lead.
      double.store.setUnmergeable(lead.id, false);
      const other = double.store.addContact({ role: 'lead' });
      double.store.setUnmergeable(other.id);
      expect(
        (await call(double, 'POST', '/contacts/merge', { from: other.id, into: user.id })).status,
      ).toBe(422);
      expect(
        (await call(double, 'POST', '/contacts/merge', { from: lead.id, into: user.id })).status,
      ).toBe(200);
      expect(() => double.store.setUnmergeable('nope')).toThrow(/unknown contact/);
      expect(double.validationErrors).toEqual([]);
    });

    it("a merged lead's id answers 404 to everything afterwards", async () => {
      const lead = double.store.addContact({ role: 'lead', email: 'l@example.com' });
      const user = double.store.addContact({ role: 'user', email: 'u@example.com' });
      const merged = await call(double, 'POST', '/contacts/merge', {
        from: lead.id,
        into: user.id,
      });
      expect(merged.status).toBe(200);

      const after = [
        await call(double, 'GET', `/contacts/${lead.id}`),
        await call(double, 'PUT', `/contacts/${lead.id}`, { name: 'x' }),
        await call(double, 'POST', `/contacts/${lead.id}/archive`),
        await call(double, 'POST', `/contacts/${lead.id}/unarchive`),
        await call(double, 'POST', '/contacts/merge', { from: lead.id, into: user.id }),
      ];
      expect(after.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
      expect(double.store.getContact(lead.id)).toBeUndefined();
      expect(double.store.contacts().map((c) => c.id)).toEqual([user.id]);
      expect(double.validationErrors).toEqual([]);
    });
  });

  describe('conversations and tags', () => {
    it('GET /conversations/{id} returns contacts, tags and custom attributes; 404 when unknown', async () => {
      const contact = double.store.addContact({ email: 'c@example.com', external_id: 'm-1' });
      const tag = double.store.addTag('Needs follow-up');
      const conversation = double.store.addConversation({
        contactIds: [contact.id],
        tagIds: [tag.id],
        custom_attributes: { category: 'dues' },
        title: 'Dues question',
      });

      const reply = await call(double, 'GET', `/conversations/${conversation.id}`);
      const missing = await call(double, 'GET', '/conversations/999');

      expect(reply.status).toBe(200);
      expectDocumented('retrieveConversation', reply);
      expect(reply.body).toMatchObject({
        type: 'conversation',
        id: conversation.id,
        title: 'Dues question',
        custom_attributes: { category: 'dues' },
        contacts: {
          type: 'contact.list',
          contacts: [{ type: 'contact', id: contact.id, external_id: 'm-1' }],
        },
        tags: { type: 'tag.list', tags: [{ type: 'tag', id: tag.id, name: 'Needs follow-up' }] },
        source: { author: { id: contact.id, email: 'c@example.com' } },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.errors[0]).toMatchObject({ code: 'not_found' });
    });

    it('DELETE /conversations/{id}/tags/{tag_id} removes the tag and returns it', async () => {
      const tag = double.store.addTag('Position change');
      const other = double.store.addTag('Other');
      const conversation = double.store.addConversation({ tagIds: [tag.id, other.id] });

      const reply = await call(
        double,
        'DELETE',
        `/conversations/${conversation.id}/tags/${tag.id}`,
        {
          admin_id: double.store.admin.id,
        },
      );

      expect(reply.status).toBe(200);
      expectDocumented('detachTagFromConversation', reply);
      expect(reply.body).toMatchObject({ type: 'tag', id: tag.id, name: 'Position change' });
      expect(double.store.conversation(conversation.id)?.tags.map((t) => t.id)).toEqual([other.id]);

      const again = await call(
        double,
        'DELETE',
        `/conversations/${conversation.id}/tags/${tag.id}`,
        {
          admin_id: double.store.admin.id,
        },
      );
      expect(again.status).toBe(404);
      expect(again.body.type).toBe('error.list');
      const noConversation = await call(double, 'DELETE', `/conversations/404/tags/${tag.id}`, {
        admin_id: '1',
      });
      expect(noConversation.status).toBe(404);
    });

    it('POST /conversations/{id}/tags attaches a tag', async () => {
      const tag = double.store.addTag('VIP');
      const conversation = double.store.addConversation();
      const reply = await call(double, 'POST', `/conversations/${conversation.id}/tags`, {
        id: tag.id,
        admin_id: '42',
      });
      expect(reply.status).toBe(200);
      expectDocumented('attachTagToConversation', reply);
      expect(reply.body).toMatchObject({ id: tag.id, applied_by: { type: 'admin', id: '42' } });
      expect(double.store.conversation(conversation.id)?.tags.map((t) => t.id)).toEqual([tag.id]);
    });

    it('POST /conversations/{id}/reply records an internal note and answers the conversation', async () => {
      const contact = double.store.addContact({ email: 'n@example.com' });
      const conversation = double.store.addConversation({ contactIds: [contact.id] });
      const adminId = double.store.admin.id;

      const reply = await call(double, 'POST', `/conversations/${conversation.id}/reply`, {
        message_type: 'note',
        type: 'admin',
        admin_id: adminId,
        body: '<p>Member 123, ZAU</p>',
      });

      expect(reply.status).toBe(200);
      expectDocumented('replyConversation', reply);
      expect(reply.body).toMatchObject({ type: 'conversation', id: conversation.id });
      expect(reply.body.conversation_parts).toEqual({
        type: 'conversation_part.list',
        total_count: 1,
        conversation_parts: [
          expect.objectContaining({
            type: 'conversation_part',
            id: expect.any(String),
            part_type: 'note',
            body: '<p>Member 123, ZAU</p>',
            author: expect.objectContaining({ type: 'admin', id: adminId }),
          }),
        ],
      });
      expect(double.store.notes(conversation.id)).toEqual([
        { adminId, body: '<p>Member 123, ZAU</p>', createdAt: expect.any(Number) },
      ]);

      const second = await call(double, 'POST', `/conversations/${conversation.id}/reply`, {
        message_type: 'note',
        type: 'admin',
        admin_id: '42',
        body: 'Second',
        created_at: 1_900_000_000,
      });
      expect(second.status).toBe(200);
      expect(double.store.notes(conversation.id)).toEqual([
        { adminId, body: '<p>Member 123, ZAU</p>', createdAt: expect.any(Number) },
        { adminId: '42', body: 'Second', createdAt: 1_900_000_000 },
      ]);
      const fetched = await call(double, 'GET', `/conversations/${conversation.id}`);
      expectDocumented('retrieveConversation', fetched);
      expect(
        fetched.body.conversation_parts.conversation_parts.map((p: { body: string }) => p.body),
      ).toEqual(['<p>Member 123, ZAU</p>', 'Second']);
      expect(fetched.body.updated_at).toBe(1_900_000_000);

      const unknown = await call(double, 'POST', '/conversations/999999/reply', {
        message_type: 'note',
        type: 'admin',
        admin_id: adminId,
        body: 'x',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'not_found', message: 'Resource Not Found' }],
      });
      expect(double.store.notes('999999')).toEqual([]);
      expect(double.validationErrors).toEqual([]);

      const comment = await call(double, 'POST', `/conversations/${conversation.id}/reply`, {
        message_type: 'comment',
        type: 'admin',
        admin_id: adminId,
        body: 'Hello',
      });
      expect(comment.status).toBe(501);
      expect(comment.body.errors[0].code).toBe('not_implemented');
      expect(double.store.notes(conversation.id)).toHaveLength(2);
    });

    it('GET /tags lists the tags', async () => {
      const a = double.store.addTag('A');
      const b = double.store.addTag('B');
      expect(double.store.addTag('A')).toEqual(a);

      const reply = await call(double, 'GET', '/tags');

      expect(reply.status).toBe(200);
      expectDocumented('listTags', reply);
      expect(reply.body).toEqual({
        type: 'list',
        data: [
          { type: 'tag', id: a.id, name: 'A', applied_at: null, applied_by: null },
          { type: 'tag', id: b.id, name: 'B', applied_at: null, applied_by: null },
        ],
      });
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the limit, with headers, and reports the stats', async () => {
      await start({ rateLimit: { limit: 3, windowMs: 60_000 } });
      const startedAt = Date.now();

      const replies: Reply[] = [];
      for (let i = 0; i < 5; i += 1) replies.push(await call(double, 'GET', '/me'));

      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      expect(replies.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual([
        '2',
        '1',
        '0',
        '0',
        '0',
      ]);
      for (const reply of replies) {
        expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
        const reset = Number(reply.headers.get('x-ratelimit-reset'));
        expect(reset).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) + 59);
        expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
      }
      expect(replies[3].body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [
          { code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 3 in 60_seconds' },
        ],
      });
      expect(double.rateLimitStats()).toEqual({
        maxCallsInAnyWindow: 3,
        tooManyRequests: 2,
        allowedCalls: 3,
        windowsSpanned: 1,
      });
      expect(double.requests.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    });

    it('starts a fresh budget in the next window', async () => {
      await start({ rateLimit: { limit: 2, windowMs: 1000 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await call(double, 'GET', '/me')).status);
      await new Promise((resolve) => setTimeout(resolve, 1050));
      statuses.push((await call(double, 'GET', '/me')).status);

      expect(statuses).toEqual([200, 200, 429, 200]);
      expect(double.rateLimitStats()).toEqual({
        maxCallsInAnyWindow: 2,
        tooManyRequests: 1,
        allowedCalls: 3,
        windowsSpanned: 2,
      });
    });

    it('counts fixed windows from the limiter start (fake clock)', () => {
      let now = 1_000_000;
      const limiter = new FixedWindowRateLimiter({ limit: 2, windowMs: 10_000 }, () => now);
      expect(limiter.take()).toMatchObject({ allowed: true, remaining: 1, resetAt: 1010 });
      expect(limiter.take().allowed).toBe(true);
      expect(limiter.take()).toMatchObject({ allowed: false, remaining: 0 });
      now += 9_999;
      expect(limiter.take().allowed).toBe(false);
      now += 1;
      expect(limiter.take()).toMatchObject({ allowed: true, remaining: 1, resetAt: 1020 });
      expect(limiter.stats()).toEqual({
        maxCallsInAnyWindow: 2,
        tooManyRequests: 2,
        allowedCalls: 3,
        windowsSpanned: 2,
      });
    });
  });

  describe('fault injection', () => {
    it('failNext answers the status for matching requests only, then recovers', async () => {
      const contact = double.store.addContact({ email: 'f@example.com' });
      double.faults.failNext(2, 503, { method: 'get', pathPrefix: '/contacts' });

      const me = await call(double, 'GET', '/me');
      const first = await call(double, 'GET', `/contacts/${contact.id}`);
      const put = await call(double, 'PUT', `/contacts/${contact.id}`, { name: 'x' });
      const second = await call(double, 'GET', `/contacts/${contact.id}`);
      const third = await call(double, 'GET', `/contacts/${contact.id}`);

      expect([me.status, first.status, put.status, second.status, third.status]).toEqual([
        200, 503, 200, 503, 200,
      ]);
      expect(first.body).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'service_unavailable', message: 'Service Unavailable' }],
      });
      expect(first.headers.get('x-ratelimit-limit')).toBe('10000');
    });

    it('failNext with 429 sends the rate-limit body and headers', async () => {
      double.faults.failNext(1, 429);
      const limited = await call(double, 'GET', '/me');
      const after = await call(double, 'GET', '/me');

      expect(limited.status).toBe(429);
      expect(limited.body.errors[0].code).toBe('rate_limit_exceeded');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      expect(after.status).toBe(200);

      double.faults.failNext(1, 500);
      const error = await call(double, 'GET', '/me');
      expect(error.status).toBe(500);
      expect(error.body.errors[0].code).toBe('server_error');
    });

    it('failNext 429 can send no X-RateLimit-* headers at all, or a Reset in the past; never Retry-After', async () => {
      double.faults.failNext(1, 429, { pathPrefix: '/me' }, { rateHeaders: 'none' });
      const bare = await call(double, 'GET', '/me');
      expect(bare.status).toBe(429);
      expect(bare.body).toEqual({
        type: 'error.list',
        request_id: expect.any(String),
        errors: [{ code: 'rate_limit_exceeded', message: expect.any(String) }],
      });
      expect([...bare.headers.keys()].filter((name) => /^x-ratelimit-/i.test(name))).toEqual([]);
      expect(bare.headers.get('retry-after')).toBeNull();
      // Only that answer goes without them.
      const next = await call(double, 'GET', '/me');
      expect(next.status).toBe(200);
      expect(next.headers.get('x-ratelimit-limit')).toBe('10000');

      double.faults.failNext(1, 429, { method: 'GET' }, { rateHeaders: 'reset-in-past' });
      const before = Math.floor(Date.now() / 1000);
      const stale = await call(double, 'GET', '/me');
      expect(stale.status).toBe(429);
      expect(stale.body.errors[0].code).toBe('rate_limit_exceeded');
      expect(stale.headers.get('x-ratelimit-limit')).toBe('10000');
      expect(stale.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(stale.headers.get('x-ratelimit-reset'))).toBeLessThan(before);
      expect(stale.headers.get('retry-after')).toBeNull();

      double.faults.failNext(1, 429);
      const usual = await call(double, 'GET', '/me');
      expect(Number(usual.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(before);
      expect(usual.headers.get('retry-after')).toBeNull();

      expect(() =>
        double.faults.failNext(1, 429, {}, { rateHeaders: 'sometimes' as 'none' }),
      ).toThrow(/rateHeaders/);
      expect(double.validationErrors).toEqual([]);
    });

    it('hangNext never answers; close() releases the hung request', async () => {
      double.faults.hangNext(1, { pathPrefix: '/contacts/search' });

      const hung = fetch(`${double.url}/contacts/search`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: { field: 'role', operator: '=', value: 'user' } }),
      });
      const outcome = Promise.race([
        hung.then(() => 'answered'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300)),
      ]);
      expect(await outcome).toBe('still waiting');
      expect((await call(double, 'GET', '/me')).status).toBe(200);
      expect(double.requests.map((r) => r.status)).toEqual([0, 200]);

      await double.close();
      await expect(hung).rejects.toThrow();
    });

    it('setLatency delays every answer; reset clears latency and pending faults', async () => {
      double.faults.setLatency(300);
      const started = performance.now();
      expect((await call(double, 'GET', '/me')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);

      double.faults.failNext(5, 500);
      double.faults.reset();
      const again = performance.now();
      expect((await call(double, 'GET', '/me')).status).toBe(200);
      expect(performance.now() - again).toBeLessThan(250);
    });

    it('refuses nonsense fault settings', () => {
      expect(() => double.faults.failNext(0, 500)).toThrow(/count/);
      expect(() => double.faults.failNext(1, 200)).toThrow(/4xx or 5xx/);
      expect(() => double.faults.setLatency(-1)).toThrow(/latency/);
    });
  });
});
