import { Logger } from '@nestjs/common';
import {
  type AttributeRefusal,
  type AttributeRefusalReason,
  REFUSAL_REASON_TEXT,
} from './attribute-refusal';
import type { RefusedAttributeRecord } from './intercom-call.observer';
import type { ContactChanges, IntercomContact } from './intercom-contact';
import {
  IntercomRefusedAttributeError,
  IntercomRequestError,
  IntercomUnknownAttributeError,
} from './intercom.errors';
import type { WorkspaceAttributeCatalog } from './workspace-attribute-catalog';

/**
 * At most this many extra contact writes look for the attribute behind a refusal that
 * names none: the write without custom attributes, then halves of them (one refused
 * attribute among the service's five is always found within the bound).
 */
export const MAX_SEARCH_WRITES = 5;
/** The workspace's attributes are listed again for a refusal at most this often. */
export const CATALOG_REFRESH_MS = 60_000;

/** One contact write, as the gateway sends it. */
export interface ContactWrite<C extends ContactChanges> {
  /** `PUT contact` or `POST contact`. */
  operation: string;
  /** The contact written; null for a create. */
  contactId: string | null;
  changes: C;
  /** Sends the write with these changes (one call; refusals are thrown, classified). */
  send(changes: C): Promise<IntercomContact>;
  /** Writes custom attributes to a contact that exists (one PUT). */
  update(id: string, customAttributes: Record<string, string>): Promise<IntercomContact>;
}

export interface ContactAttributeWriterOptions {
  /** Lists the workspace's attributes into the catalog (one GET /data_attributes). */
  listAttributes: () => Promise<unknown>;
  /** Told about each attribute left out of a write that went ahead. */
  onRefused?: (record: RefusedAttributeRecord) => void;
  now?: () => number;
}

type Diagnosis =
  | { kind: 'named'; refusal: AttributeRefusal }
  | { kind: 'unnamed'; reason: AttributeRefusalReason }
  | { kind: 'other' };

/** What a refusal says about the attributes `sent`. */
function diagnose(error: unknown, sent: readonly string[]): Diagnosis {
  if (error instanceof IntercomRefusedAttributeError) {
    const attribute = error.attributeAmong(sent);
    if (attribute !== null) return { kind: 'named', refusal: { attribute, reason: error.reason } };
    // It names an attribute that was not sent: not about this write's values.
    if (error instanceof IntercomUnknownAttributeError) return { kind: 'other' };
    return { kind: 'unnamed', reason: error.reason };
  }
  // Any other 400 that is not about the token may be an attribute Intercom did not name.
  if (error instanceof IntercomRequestError && error.status === 400 && error.refusesObject) {
    return { kind: 'unnamed', reason: 'invalid_value' };
  }
  return { kind: 'other' };
}

const without = (values: Record<string, string>, refused: readonly AttributeRefusal[]) =>
  Object.fromEntries(
    Object.entries(values).filter(([key]) => !refused.some((r) => r.attribute === key)),
  );

/** One search for the attribute behind a refusal that named none. */
interface Search {
  contactId: string;
  update: ContactWrite<ContactChanges>['update'];
  values: Record<string, string>;
  /** Writes left. */
  budget: number;
  /** The reason the unnamed refusal gave, for the attribute it singles out. */
  reason: AttributeRefusalReason;
  refused: AttributeRefusal[];
  last: IntercomContact;
}

type Probe = 'written' | 'refused' | AttributeRefusal;

const unresolved = (keys: readonly string[]): AttributeRefusal[] =>
  keys.map((attribute) => ({ attribute, reason: 'unresolved' }));

/**
 * Writes a contact so that a value Intercom refuses for one custom attribute does not
 * lose the others (docs/reference.md, "When Intercom refuses an attribute"):
 * 1. values the workspace's listing shows it would refuse (outside a list's options, an
 *    archived attribute) are left out before sending;
 * 2. a refusal naming an attribute that was sent: sent again without it;
 * 3. a refusal naming none: the workspace's attributes are listed again (at most once a
 *    minute) and the ones that explain it are left out;
 * 4. still unnamed: the write without custom attributes tells a refusal of the whole
 *    request (thrown as it came: permanent for that work) from one of an attribute, which
 *    halves of the attributes then single out, within MAX_SEARCH_WRITES writes in all.
 * Each attribute left out is logged (contact, attribute, reason; never the value) and
 * reported once the write went ahead.
 */
export class ContactAttributeWriter {
  private readonly logger = new Logger('IntercomGateway');
  private listing?: Promise<void>;
  /** When a refusal last made the writer list the workspace (ms); null before any. */
  private listedForRefusalAt: number | null = null;

  constructor(
    private readonly catalog: WorkspaceAttributeCatalog,
    private readonly options: ContactAttributeWriterOptions,
  ) {}

  async write<C extends ContactChanges>(write: ContactWrite<C>): Promise<IntercomContact> {
    const refused = this.catalog.refusals(write.changes.customAttributes);
    let values = without(write.changes.customAttributes, refused);
    let listed = false;
    for (;;) {
      try {
        const contact = await write.send({ ...write.changes, customAttributes: values });
        this.report(write.operation, contact.id, refused);
        return contact;
      } catch (error) {
        const diagnosis = diagnose(error, Object.keys(values));
        if (diagnosis.kind === 'other') throw error;
        if (diagnosis.kind === 'named') {
          refused.push(diagnosis.refusal);
          values = without(values, [diagnosis.refusal]);
          continue;
        }
        if (!listed) {
          listed = true;
          await this.listAgain();
          const suspects = this.catalog.suspects(values);
          if (suspects.length > 0) {
            refused.push(...suspects);
            values = without(values, suspects);
            continue;
          }
        }
        const search = await this.search(write, values, diagnosis.reason, error);
        refused.push(...search.refused);
        this.report(write.operation, search.last.id, refused);
        return search.last;
      }
    }
  }

  /** Step 4: the write without custom attributes, then halves of them. */
  private async search<C extends ContactChanges>(
    write: ContactWrite<C>,
    values: Record<string, string>,
    reason: AttributeRefusalReason,
    refusal: unknown,
  ): Promise<Search> {
    let bare: IntercomContact;
    try {
      bare = await write.send({ ...write.changes, customAttributes: {} });
    } catch (error) {
      // Refused without any custom attribute: the request as a whole is refused.
      if (diagnose(error, []).kind === 'unnamed') throw refusal;
      throw error;
    }
    const search: Search = {
      contactId: bare.id,
      update: (id, attributes) => write.update(id, attributes),
      values,
      budget: MAX_SEARCH_WRITES - 1,
      reason,
      refused: [],
      last: bare,
    };
    await this.narrow(search, Object.keys(values));
    return search;
  }

  /**
   * Narrows `known` (refused as a whole) by halves: a half written leaves the refusal in
   * the other half; a half refused holds it, and the other half waits untried. Once one
   * attribute is left, it is the one, and what waits is written together in one write
   * (refused again: a second attribute, narrowed the same way). Past the budget, what is
   * left is left out as `unresolved`. One refused attribute among five costs at most four
   * writes.
   */
  private async narrow(search: Search, keys: string[]): Promise<void> {
    let known = keys;
    let waiting: string[] = [];
    for (;;) {
      while (known.length > 1 && search.budget > 0) {
        const first = known.slice(0, Math.floor(known.length / 2));
        const probe = await this.probe(search, first);
        if (probe === 'written') {
          known = known.slice(first.length);
        } else if (probe === 'refused') {
          waiting.push(...known.slice(first.length));
          known = first;
        } else {
          search.refused.push(probe);
          waiting.push(...known.filter((key) => key !== probe.attribute));
          known = [];
        }
      }
      if (known.length === 1) search.refused.push({ attribute: known[0], reason: search.reason });
      else search.refused.push(...unresolved(known));
      known = [];
      if (waiting.length === 0) return;
      if (search.budget === 0) {
        search.refused.push(...unresolved(waiting));
        return;
      }
      const probe = await this.probe(search, waiting);
      if (probe === 'written') return;
      if (probe === 'refused') known = waiting;
      else search.refused.push(probe);
      waiting = probe === 'refused' ? [] : waiting.filter((key) => key !== probe.attribute);
    }
  }

  /** One write of these attributes: written, refused naming none of them, or naming one. */
  private async probe(search: Search, keys: readonly string[]): Promise<Probe> {
    search.budget -= 1;
    try {
      search.last = await search.update(
        search.contactId,
        Object.fromEntries(keys.map((key) => [key, search.values[key]])),
      );
      return 'written';
    } catch (error) {
      const diagnosis = diagnose(error, keys);
      if (diagnosis.kind === 'other') throw error;
      return diagnosis.kind === 'named' ? diagnosis.refusal : 'refused';
    }
  }

  /**
   * Lists the workspace's attributes again, unless a refusal made it do so within the last
   * minute (a listing that explains a refusal stops the next ones: their values are left
   * out before sending; one that does not is not asked again for every write).
   */
  private async listAgain(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const last = this.listedForRefusalAt;
    if (this.listing === undefined && last !== null && now - last < CATALOG_REFRESH_MS) return;
    this.listedForRefusalAt = now;
    this.listing ??= this.options
      .listAttributes()
      .then(
        () => undefined,
        // Not known now: the search below still finds the attribute.
        () => undefined,
      )
      .finally(() => (this.listing = undefined));
    await this.listing;
  }

  private report(operation: string, contactId: string, refused: readonly AttributeRefusal[]): void {
    for (const { attribute, reason } of refused) {
      this.logger.warn({
        msg:
          reason === 'unknown_attribute'
            ? 'Intercom workspace lacks a custom data attribute; written without it (run `npm run cli -- setup`)'
            : 'Intercom does not take this contact attribute value; the contact was written without it',
        contact_id: contactId,
        attribute,
        reason: REFUSAL_REASON_TEXT[reason],
        operation,
      });
      this.options.onRefused?.({ attribute, reason, operation, contactId });
    }
  }
}
