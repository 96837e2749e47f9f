/**
 * Checks requests (and, for the double's own tests, responses) against Intercom's
 * official OpenAPI description with openapi-backend.
 *
 * The description is ~700 KB of YAML, so it is parsed, patched and handed to
 * openapi-backend once per file path and module instance (module-level cache): once per
 * process for a benchmark or the sandbox, once per test file under Jest (Jest gives every
 * test file a fresh module registry). Every double started afterwards reuses the same
 * router and the same compiled Ajv validators.
 *
 * Why `quick: true`: the 2.11 file is not valid OpenAPI 3.0 as far as openapi-backend's
 * definition check goes (641 errors, mostly `$ref` with sibling keys such as `nullable`).
 * Outside quick mode that check throws, and with `strict: false` openapi-backend only logs
 * it and is then left without a dereferenced definition, so every request would fail with
 * "Unknown operation". Quick mode skips that check, dereferences synchronously and
 * compiles the Ajv validators of an operation the first time it is used.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import type * as OpenApiBackendModule from 'openapi-backend';
import type {
  Document,
  OpenAPIBackend as OpenApiBackendInstance,
  Operation,
  Options,
  Request as OpenApiRequest,
  ValidationResult,
} from 'openapi-backend';
import { requireWithNode } from '../node-loader';

/**
 * openapi-backend imports @apidevtools/json-schema-ref-parser, which ships only as an ES
 * module. Jest's CommonJS module registry cannot load that ("Cannot use import statement
 * outside a module"), and Jest also swaps `module.createRequire` for its own registry.
 * Node's loader can (require(esm), Node >= 20.19, the version package.json asks for), so
 * openapi-backend is loaded through `Module._load`, Node's own loader that Jest leaves
 * alone; only its types are imported the usual way. Outside Jest this is a plain require.
 */
function loadOpenApiBackend(): typeof OpenApiBackendModule {
  return requireWithNode<typeof OpenApiBackendModule>('openapi-backend');
}

const { OpenAPIBackend } = loadOpenApiBackend();

/** The repository root (this file lives in test/support/intercom-double). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Intercom's OpenAPI 2.11 description, kept in the repository (test/fixtures/intercom). */
export const DEFAULT_OPENAPI_PATH = resolve(
  REPO_ROOT,
  'test',
  'fixtures',
  'intercom',
  'api.intercom.io.2.11.yaml',
);

export type AjvError = NonNullable<ValidationResult['errors']>[number];

export interface RoutingError {
  keyword: 'route';
  message: string;
}

export interface OpenApiRequestInput {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string, without the leading `?`. */
  query: string;
  headers: Record<string, string | string[]>;
  /** Raw body text, or undefined when the request had none. */
  body: string | undefined;
}

export type OpenApiCheck =
  | {
      ok: true;
      operationId: string;
      params: Record<string, string>;
      query: Record<string, unknown>;
      body: unknown;
    }
  | {
      ok: false;
      reason: 'unknown_route' | 'method_not_allowed';
      errors: RoutingError[];
    }
  | {
      ok: false;
      reason: 'invalid_request';
      operationId: string;
      errors: AjvError[];
    };

export interface OpenApiTimings {
  /** Reading and parsing the YAML file. */
  parseMs: number;
  /** Patching the gaps listed in `specPatches` plus openapi-backend's init(). */
  initMs: number;
}

/**
 * Ajv options. openapi-backend already turns Ajv's strict mode off (the description uses
 * `example`, `x-tags` and other non-JSON-Schema keywords), so `strict: false` is repeated
 * here only to make that explicit. The formats below are the ones the description uses
 * that neither Ajv nor openapi-backend define; without them Ajv warns on the console for
 * every compiled schema.
 */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const AJV_OPTIONS: NonNullable<Options['ajvOpts']> = {
  strict: false,
  allErrors: true,
  formats: {
    // Both are put on integer Unix timestamps in this description; formats only apply to strings.
    'date-time': true,
    timestamp: true,
    // Intercom returns relative URLs such as "/contacts/<id>/tags" in fields typed `format: uri`.
    uri: true,
    // Functions, not RegExps: Ajv runs in Node's realm and a RegExp made in Jest's realm
    // fails its `instanceof RegExp` check.
    email: (value: string) => EMAIL.test(value),
    uuid: (value: string) => UUID.test(value),
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Repairs the few spots of the 2.11 description that Ajv cannot compile or that the
 * dereferencer cannot resolve. Returns a human-readable list of what was changed.
 *
 *  - `nullable: true` next to `$ref`/`oneOf`/`anyOf`/`allOf` or without `type`: Ajv throws
 *    `"nullable" cannot be used without "type"`, and the dereferencer drops `$ref` siblings.
 *    Rewritten to `anyOf: [<schema>, {type: 'null'}]`, which is what the authors meant.
 *  - `required: true` inside a property schema (invalid JSON Schema): removed.
 *  - `$ref`s to schemas the file does not define (`#/components/schemas/custom_attributes`):
 *    defined as a free-form object.
 */
export function patchIntercomDescription(doc: JsonObject): string[] {
  const patches = new Set<string>();
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};

  const fixSchema = (node: Json, where: string): Json => {
    if (!isObject(node)) return node;
    for (const key of ['properties', 'patternProperties'] as const) {
      const children = node[key];
      if (isObject(children)) {
        for (const name of Object.keys(children)) {
          children[name] = fixSchema(children[name], `${where}.${name}`);
        }
      }
    }
    for (const key of ['items', 'additionalProperties', 'not'] as const) {
      if (isObject(node[key])) node[key] = fixSchema(node[key], `${where}[${key}]`);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) {
        node[key] = list.map((child, i) => fixSchema(child, `${where}.${key}[${i}]`));
      }
    }
    if ('required' in node && !Array.isArray(node.required)) {
      delete node.required;
      patches.add(`removed non-array "required" at ${where}`);
    }
    const composed = ['$ref', 'oneOf', 'anyOf', 'allOf'].some((k) => k in node);
    if (node.nullable === true && (composed || !('type' in node))) {
      const { description, title } = node;
      const rest: JsonObject = { ...node };
      for (const key of ['nullable', 'description', 'title']) delete rest[key];
      patches.add(
        `nullable ${composed ? 'next to $ref/allOf/anyOf/oneOf' : 'without type'} at ${where} -> anyOf [schema, null]`,
      );
      const wrapped: JsonObject = { anyOf: [rest, { type: 'null' }] };
      if (description !== undefined) wrapped.description = description;
      if (title !== undefined) wrapped.title = title;
      return wrapped;
    }
    return node;
  };

  const visit = (node: Json, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${where}[${i}]`));
      return;
    }
    if (!isObject(node)) return;
    for (const key of Object.keys(node)) {
      if (key === 'schema') {
        node.schema = fixSchema(node.schema, `${where}.schema`);
      } else {
        visit(node[key], `${where}.${key}`);
      }
    }
  };

  for (const name of Object.keys(schemas)) {
    schemas[name] = fixSchema(schemas[name], `components.schemas.${name}`);
  }
  visit(doc.paths ?? null, 'paths');
  for (const key of ['parameters', 'requestBodies', 'responses', 'headers'] as const) {
    visit(components[key] ?? null, `components.${key}`);
  }

  const refs = new Set<string>();
  const collectRefs = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(collectRefs);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.add(value);
        else collectRefs(value);
      }
    }
  };
  collectRefs(doc);
  for (const ref of refs) {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (match && !(match[1] in schemas)) {
      schemas[match[1]] = { type: 'object', description: 'Added by the Intercom test double' };
      patches.add(`defined missing schema ${ref} as a free-form object`);
    }
  }
  return [...patches];
}

/** openapi-backend's router and validator for one description file. */
export class IntercomOpenApi {
  constructor(
    private readonly api: OpenApiBackendInstance,
    readonly timings: OpenApiTimings,
    readonly specPatches: readonly string[],
  ) {}

  hasOperation(operationId: string): boolean {
    return this.api.router.getOperation(operationId) !== undefined;
  }

  /** Routes the request to an operation and validates path, query, headers and body. */
  check(input: OpenApiRequestInput): OpenApiCheck {
    const req: OpenApiRequest = {
      method: input.method,
      path: input.path,
      query: input.query,
      headers: input.headers,
      body: input.body,
    };
    let operation: Operation;
    try {
      operation = this.api.router.matchOperation(req, true);
    } catch (error) {
      // Not `instanceof Error`: under Jest the router's errors come from another realm.
      const message = String((error as { message?: unknown } | null)?.message ?? error);
      const notAllowed = message.startsWith('405');
      return {
        ok: false,
        reason: notAllowed ? 'method_not_allowed' : 'unknown_route',
        errors: [
          {
            keyword: 'route',
            message: notAllowed
              ? `the description has ${input.path} but no ${input.method.toUpperCase()} operation on it`
              : `no operation of the description matches ${input.method.toUpperCase()} ${input.path}`,
          },
        ],
      };
    }
    const operationId = operation.operationId ?? `${operation.method} ${operation.path}`;
    const result = this.api.validator.validateRequest(req, operation);
    if (!result.valid) {
      return { ok: false, reason: 'invalid_request', operationId, errors: result.errors ?? [] };
    }
    const parsed = this.api.router.parseRequest(req, operation);
    return {
      ok: true,
      operationId,
      params: parsed.params as Record<string, string>,
      query: parsed.query as Record<string, unknown>,
      body: parsed.requestBody as unknown,
    };
  }

  /** Validates a response body against the schema the description gives for that status. */
  validateResponse(operationId: string, status: number, body: unknown): AjvError[] {
    const result = this.api.validator.validateResponse(body, operationId, status);
    return result.errors ?? [];
  }
}

const cache = new Map<string, Promise<IntercomOpenApi>>();

async function create(path: string): Promise<IntercomOpenApi> {
  const started = performance.now();
  const doc = load(await readFile(path, 'utf8')) as JsonObject;
  const parsed = performance.now();
  const specPatches = patchIntercomDescription(doc);
  const api = new OpenAPIBackend({
    definition: doc as unknown as Document,
    quick: true,
    strict: true,
    validate: true,
    ajvOpts: AJV_OPTIONS,
  });
  await api.init();
  const initMs = performance.now() - parsed;
  return new IntercomOpenApi(api, { parseMs: parsed - started, initMs }, specPatches);
}

/** The (cached) router and validator for the description at `path`. */
export function loadIntercomOpenApi(path: string = DEFAULT_OPENAPI_PATH): Promise<IntercomOpenApi> {
  const key = resolve(path);
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = create(key);
    cache.set(key, loaded);
    // A failed load is not cached, so a fixed path can be retried.
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}
