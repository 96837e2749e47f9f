/**
 * Intercom's rules for the `custom_attributes` of a contact write (PUT /contacts/{id},
 * POST /contacts) that the OpenAPI description cannot express. A refused write is refused
 * as a whole: the caller must not write anything of that request.
 */
import { CUSTOM_ATTRIBUTE_MAX_LENGTH, type StoredDataAttribute } from './data-attributes';
import { type DoubleResponse, parameterInvalid } from './intercom-errors';
import type { CustomAttributes, CustomAttributeValue, IntercomStore } from './intercom-store';

/** The JSON type each data type takes (`date`: Unix seconds); null clears any of them. */
const TYPE_OF: Record<StoredDataAttribute['data_type'], string> = {
  string: 'string',
  integer: 'number',
  float: 'number',
  boolean: 'boolean',
  date: 'number',
};

function fitsType(attribute: StoredDataAttribute, value: CustomAttributeValue): boolean {
  // Text takes any scalar (numbers and booleans are stored as given).
  if (attribute.data_type === 'string') return true;
  if (value === null || typeof value !== TYPE_OF[attribute.data_type]) return value === null;
  return attribute.data_type !== 'integer' || Number.isInteger(value);
}

/**
 * The 400 Intercom answers for these attributes, or undefined when they may be written.
 *  - Every name must be a custom contact attribute of the workspace, spelt exactly
 *    (case-sensitive): otherwise `400 parameter_invalid` `Custom attribute '<name>' does
 *    not exist` (FIELD-NOTES, "Custom data attributes"). An archived one is accepted (and
 *    stores nothing: IntercomStore.storable).
 *  - A list attribute takes one of its options only, on every API version (FIELD-NOTES,
 *    "List attributes"); a value must fit the attribute's data type (a number for an integer
 *    or float, a boolean for a boolean, Unix seconds for a date; text takes any scalar). The message is not documented: the double
 *    words it as `store.valueRefusalWording` says.
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
  const named = store.valueRefusalWording === 'names the attribute';
  for (const [name, value] of Object.entries(attributes)) {
    const attribute = store.dataAttribute(name);
    if (!attribute || attribute.archived) continue;
    if (!fitsType(attribute, value)) {
      return parameterInvalid(
        named
          ? `Custom attribute '${name}' must be of type ${attribute.data_type}`
          : 'A custom attribute value does not match the data type of its attribute',
      );
    }
    if (
      attribute.options.length > 0 &&
      value !== null &&
      !attribute.options.includes(String(value))
    ) {
      return parameterInvalid(
        named
          ? `'${String(value)}' is not a valid option for the list attribute '${name}'`
          : 'A value is not one of the options of its list attribute',
      );
    }
    const length = typeof value === 'string' ? [...value].length : 0;
    if (length > CUSTOM_ATTRIBUTE_MAX_LENGTH) {
      return parameterInvalid(
        `Custom attribute '${name}' is too long: ${length} characters, at most ${CUSTOM_ATTRIBUTE_MAX_LENGTH} are allowed`,
      );
    }
  }
  return undefined;
}
