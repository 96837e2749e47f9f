/**
 * Intercom's rules for the `custom_attributes` of a contact write (PUT /contacts/{id},
 * POST /contacts) that the OpenAPI description cannot express. A refused write is refused
 * as a whole: the caller must not write anything of that request.
 */
import { CUSTOM_ATTRIBUTE_MAX_LENGTH } from './data-attributes';
import { type DoubleResponse, parameterInvalid } from './intercom-errors';
import type { CustomAttributes, IntercomStore } from './intercom-store';

/**
 * The 400 Intercom answers for these attributes, or undefined when they may be written.
 *  - Every name must be a custom contact attribute of the workspace, not archived, spelt
 *    exactly (case-sensitive): otherwise `400 parameter_invalid`
 *    `Custom attribute '<name>' does not exist` (FIELD-NOTES, "Custom data attributes").
 *  - A string value may have at most 255 characters (Unicode code points): Intercom's
 *    guidance; a longer one is refused here, although Intercom does not document what
 *    it does with one (FIELD-NOTES), so that a test catches a service that sends one.
 */
export function refuseCustomAttributes(
  store: IntercomStore,
  attributes: CustomAttributes | null | undefined,
): DoubleResponse | undefined {
  if (!attributes) return undefined;
  const unknown = Object.keys(attributes).find((name) => !store.hasCustomAttribute(name));
  if (unknown !== undefined) {
    return parameterInvalid(`Custom attribute '${unknown}' does not exist`);
  }
  for (const [name, value] of Object.entries(attributes)) {
    const length = typeof value === 'string' ? [...value].length : 0;
    if (length > CUSTOM_ATTRIBUTE_MAX_LENGTH) {
      return parameterInvalid(
        `Custom attribute '${name}' is too long: ${length} characters, at most ${CUSTOM_ATTRIBUTE_MAX_LENGTH} are allowed`,
      );
    }
  }
  return undefined;
}
