import { Injectable } from '@nestjs/common';
import type { AttributeRefusal } from './attribute-refusal';
import type { IntercomDataAttribute } from './intercom-contact';

/**
 * The workspace's contact data attributes as Intercom last listed them
 * (`GET /data_attributes?model=contact&include_archived=true`; the gateway fills it at
 * every listing: at start, hourly, and when a write is refused for a reason it cannot
 * name). Used to leave out, before sending, a value Intercom would refuse.
 * Source: Intercom's field notes, "List attributes": values outside a list attribute's
 * options are refused on every API version; an archived attribute stores nothing.
 */
@Injectable()
export class WorkspaceAttributeCatalog {
  private byName = new Map<string, IntercomDataAttribute>();

  /** Replaces what is known with a listing. */
  update(attributes: readonly IntercomDataAttribute[]): void {
    this.byName = new Map(
      attributes
        .filter((attribute) => attribute.model === 'contact' && attribute.custom)
        .map((attribute) => [attribute.name, attribute]),
    );
  }

  /** The custom attribute with exactly this name, as last listed. */
  attribute(name: string): IntercomDataAttribute | undefined {
    return this.byName.get(name);
  }

  /**
   * The attributes of `values` Intercom would not store, known for sure from the listing:
   * a value outside a list attribute's options (`not_a_list_option`), an archived attribute.
   * An attribute the listing does not have is not counted: it may have been created since.
   */
  refusals(values: Readonly<Record<string, string>>): AttributeRefusal[] {
    const refused: AttributeRefusal[] = [];
    for (const [name, value] of Object.entries(values)) {
      const attribute = this.byName.get(name);
      if (!attribute) continue;
      if (attribute.archived) refused.push({ attribute: name, reason: 'archived_attribute' });
      else if (attribute.options.length > 0 && !attribute.options.includes(value)) {
        refused.push({ attribute: name, reason: 'not_a_list_option' });
      }
    }
    return refused;
  }

  /**
   * What may explain a refusal that named no attribute: the refusals above, and every
   * attribute whose data type is not text (the service writes text only: `type_mismatch`).
   */
  suspects(values: Readonly<Record<string, string>>): AttributeRefusal[] {
    const suspects = this.refusals(values);
    for (const name of Object.keys(values)) {
      const attribute = this.byName.get(name);
      if (
        attribute &&
        attribute.dataType !== 'string' &&
        !suspects.some((s) => s.attribute === name)
      ) {
        suspects.push({ attribute: name, reason: 'type_mismatch' });
      }
    }
    return suspects;
  }
}
