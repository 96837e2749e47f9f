/**
 * Validates member card answers against Canvas Kit's schemas in Intercom's 2.11 OpenAPI
 * description (`initialize_response`, `submit_response` and the components they hold), with
 * the repository's patches for what Ajv cannot compile (patchIntercomDescription).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import {
  DEFAULT_OPENAPI_PATH,
  patchIntercomDescription,
} from './intercom-double/openapi-request-validator';

type Schema = 'initialize_response' | 'submit_response';

let validators: Record<Schema, ValidateFunction> | undefined;

function compile(): Record<Schema, ValidateFunction> {
  const doc = load(readFileSync(DEFAULT_OPENAPI_PATH, 'utf8')) as Parameters<
    typeof patchIntercomDescription
  >[0];
  patchIntercomDescription(doc);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'intercom-2.11', components: doc.components }, 'intercom-2.11');
  const of = (name: Schema) => ajv.compile({ $ref: `intercom-2.11#/components/schemas/${name}` });
  return { initialize_response: of('initialize_response'), submit_response: of('submit_response') };
}

/** Ajv's errors for `body` against the schema; empty when it is valid. */
export function canvasSchemaErrors(schema: Schema, body: unknown): string[] {
  validators ??= compile();
  const validate = validators[schema];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
}
