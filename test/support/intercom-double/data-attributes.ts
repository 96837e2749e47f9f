/**
 * The workspace's contact data attributes: Intercom's standard ones and the custom ones
 * (CDAs) an admin or app created. Knows nothing about HTTP.
 *
 * A contact can only carry a custom attribute the workspace has (FIELD-NOTES, "Custom data
 * attributes"), so the double starts with the five this service writes, plus a few of
 * Intercom's standard attributes so that a listing looks like a real workspace's.
 */

/** `data_type` values of the description's `data_attribute` schema. */
export type DataAttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

export interface StoredDataAttribute {
  /** Only custom attributes have an id (schema `data_attribute`); null for standard ones. */
  id: number | null;
  /** The key `custom_attributes` use, exact (case-sensitive), e.g. `facility`. */
  name: string;
  /** What the Intercom UI shows. */
  label: string;
  description: string;
  data_type: DataAttributeType;
  /** True for attributes an admin or app created; false for Intercom's own. */
  custom: boolean;
  /**
   * Archived attributes are left out of GET /data_attributes unless include_archived; a
   * contact write naming one succeeds and stores nothing (FIELD-NOTES, "List attributes").
   */
  archived: boolean;
  /**
   * The options of a list attribute (a `string` attribute with fixed values): a contact
   * write with any other value is refused whole (FIELD-NOTES, "List attributes"). Empty
   * for any other attribute.
   */
  options: string[];
  /** Unix seconds; null for standard attributes. */
  created_at: number | null;
  updated_at: number | null;
  /** The admin who created a custom attribute; null for standard ones. */
  admin_id: string | null;
}

/** What a test gives to add an attribute; only `name` is needed (a custom string attribute). */
export interface DataAttributeSeed {
  name: string;
  /** Default 'string'. */
  data_type?: DataAttributeType;
  /** Default ''. */
  description?: string;
  /** Default: the name. */
  label?: string;
  /** Default true. */
  custom?: boolean;
  /** Default false. */
  archived?: boolean;
  /** Makes it a list attribute with these options; default none. */
  options?: string[];
}

/** What updateDataAttribute may change on an attribute of the workspace. */
export type DataAttributeChange = Partial<
  Pick<StoredDataAttribute, 'archived' | 'options' | 'data_type'>
>;

/**
 * How the double words a refused value (Intercom's message is not documented):
 *  - 'names the attribute' (default): `'<value>' is not a valid option for the list
 *    attribute '<name>'`, `Custom attribute '<name>' must be of type integer`;
 *  - 'names nothing': the same refusal without the attribute's name or the value.
 */
export type ValueRefusalWording = 'names the attribute' | 'names nothing';

/** The custom contact attributes this service writes (src/intercom/enrichment). */
export const SERVICE_CONTACT_ATTRIBUTES: readonly DataAttributeSeed[] = [
  { name: 'member_number', description: 'NATCA member number' },
  { name: 'member_type', description: 'Member type, e.g. Current Member' },
  { name: 'region', description: 'NATCA region code' },
  { name: 'facility', description: 'Facility code' },
  { name: 'positions', description: 'Current union positions' },
];

/** A few of Intercom's standard contact attributes (not writable as custom attributes). */
export const STANDARD_CONTACT_ATTRIBUTES: readonly DataAttributeSeed[] = [
  { name: 'name', label: 'Name', description: "A contact's full name", custom: false },
  { name: 'email', label: 'Email', description: "A contact's email address", custom: false },
  { name: 'phone', label: 'Phone', description: "A contact's phone number", custom: false },
  {
    name: 'external_id',
    label: 'User ID',
    description: 'A unique identifier for the contact, given by you',
    custom: false,
  },
];

/** The attributes a fresh double's workspace has: standard ones first, as Intercom lists them. */
export const DEFAULT_CONTACT_ATTRIBUTES: readonly DataAttributeSeed[] = [
  ...STANDARD_CONTACT_ATTRIBUTES,
  ...SERVICE_CONTACT_ATTRIBUTES,
];

/**
 * Intercom's guidance caps string values of custom attributes at 255 characters
 * (FIELD-NOTES); whether a longer value is refused or cut is undocumented, so the double
 * refuses it, which makes a test catch any service that sends one.
 */
export const CUSTOM_ATTRIBUTE_MAX_LENGTH = 255;
