import type { IntercomDataAttribute } from '../../src/intercom/gateway/intercom-contact';

/** A custom text attribute of the contact model, as the gateway reads it, for unit tests. */
export function dataAttributeOf(
  name: string,
  overrides: Partial<IntercomDataAttribute> = {},
): IntercomDataAttribute {
  return {
    name,
    model: 'contact',
    dataType: 'string',
    custom: true,
    archived: false,
    options: [],
    ...overrides,
  };
}
