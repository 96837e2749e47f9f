import { Injectable } from '@nestjs/common';
import { MEMBER_CONTACT_ATTRIBUTES } from '../enrichment';
import { describeError } from '../inbox';
import type { IntercomDataAttribute } from '../gateway';
import { IntercomAlreadyExistsError, IntercomGateway } from '../gateway';

/** One of the custom contact attributes the service writes, as the workspace has it. */
export interface PresentAttribute {
  name: string;
  /** Intercom's data type; the service writes text, so anything but `string` is worth a look. */
  dataType: string;
  /** A list attribute's options (values outside them are not written); empty for text. */
  options: string[];
}

/** Which of the service's contact attributes the workspace has, in MEMBER_CONTACT_ATTRIBUTES order. */
export interface AttributeCheck {
  present: PresentAttribute[];
  missing: string[];
  /** The subset of `missing` that the workspace has, archived (writes to them store nothing). */
  archived: string[];
}

/**
 * What `setup` did with one attribute: it was there already (`exists`), was
 * created, would be created (dry run), or could not be created (`failed`).
 */
export type SetupOutcome = 'exists' | 'created' | 'would_create' | 'failed';

export interface SetupItem {
  name: string;
  description: string;
  outcome: SetupOutcome;
  /** Intercom's data type, for attributes that exist or were created. */
  dataType?: string;
  /** Why the creation failed (class and message, log-safe). */
  error?: string;
}

export interface SetupResult {
  dryRun: boolean;
  /** Every attribute of MEMBER_CONTACT_ATTRIBUTES, in that order. */
  items: SetupItem[];
}

/** The names of the attributes the service writes. */
export const MEMBER_CONTACT_ATTRIBUTE_NAMES: readonly string[] = MEMBER_CONTACT_ATTRIBUTES.map(
  (attribute) => attribute.name,
);

/** Counts only a contact attribute with exactly this name that is not archived. */
function findActive(
  attributes: readonly IntercomDataAttribute[],
  name: string,
): IntercomDataAttribute | undefined {
  return attributes.find(
    (attribute) => attribute.name === name && !attribute.archived && attribute.model === 'contact',
  );
}

/**
 * The custom contact data attributes the service writes (MEMBER_CONTACT_ATTRIBUTES)
 * in the Intercom workspace: Intercom refuses a whole contact write that names
 * one the workspace lacks, so they must exist before the service writes.
 */
@Injectable()
export class WorkspaceAttributesService {
  constructor(private readonly gateway: IntercomGateway) {}

  /** One `GET /data_attributes`: which attributes exist and which are missing. */
  async check(): Promise<AttributeCheck> {
    const attributes = await this.gateway.listContactAttributes();
    const present: PresentAttribute[] = [];
    const missing: string[] = [];
    const archived: string[] = [];
    for (const { name } of MEMBER_CONTACT_ATTRIBUTES) {
      const found = findActive(attributes, name);
      if (found) present.push({ name, dataType: found.dataType, options: found.options });
      else missing.push(name);
      if (!found && attributes.some((a) => a.name === name && a.archived && a.model === 'contact'))
        archived.push(name);
    }
    return { present, missing, archived };
  }

  /**
   * Creates the missing attributes (text, with their description), one after
   * the other; a dry run creates nothing. Idempotent: an attribute that exists
   * is left alone, and one Intercom says it has already counts as existing.
   * A failed creation does not stop the others.
   */
  async setup(options: { dryRun: boolean }): Promise<SetupResult> {
    const { present } = await this.check();
    const items: SetupItem[] = [];
    for (const { name, description } of MEMBER_CONTACT_ATTRIBUTES) {
      const existing = present.find((attribute) => attribute.name === name);
      if (existing) {
        items.push({ name, description, outcome: 'exists', dataType: existing.dataType });
      } else if (options.dryRun) {
        items.push({ name, description, outcome: 'would_create' });
      } else {
        items.push(await this.create(name, description));
      }
    }
    return { dryRun: options.dryRun, items };
  }

  private async create(name: string, description: string): Promise<SetupItem> {
    try {
      const created = await this.gateway.createContactAttribute({ name, description });
      return { name, description, outcome: 'created', dataType: created.dataType };
    } catch (error) {
      // Created meanwhile (or archived under that name): Intercom says it has it.
      if (error instanceof IntercomAlreadyExistsError)
        return { name, description, outcome: 'exists' };
      return { name, description, outcome: 'failed', error: describeError(error) };
    }
  }
}
