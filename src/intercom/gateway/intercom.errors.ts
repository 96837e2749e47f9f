import {
  type AttributeRefusalReason,
  namedAttribute,
  readAttributeRefusal,
  REFUSAL_REASON_TEXT,
} from './attribute-refusal';

/**
 * Every answer Intercom can give a failed call, classified once (classifyIntercomAnswer).
 * What each class means for the caller:
 * - IntercomTransientError: try again later (429, 5xx, timeouts, no answer at all);
 * - IntercomNotFoundError: the contact, lead or conversation addressed is gone (404);
 *   permanent for that one object, e.g. a lead that a merge already removed;
 * - IntercomConflictError: a create met an existing contact (409), named in the message;
 *   `archived` when that contact is archived and must be unarchived first;
 * - IntercomRefusedAttributeError: a contact write refused for one custom attribute's value
 *   (400: a value outside a list attribute's options, a type mismatch, …); permanent for
 *   the whole request, which can be sent again without that attribute;
 * - IntercomUnknownAttributeError: the same, for a custom data attribute the workspace lacks;
 * - IntercomAlreadyExistsError: a data attribute to create exists already (400);
 * - IntercomRequestError: any other 4xx; the same request would fail the same way.
 *   `refusesObject` says whether it is about the object addressed (a 422, or a 400
 *   other than auth), as when Intercom refuses to merge a lead for good.
 * Sources: Intercom's API reference (errors) and shared field notes on how Intercom
 * really answers (archived contacts, refused merges, attributes that must exist).
 */
export class IntercomTransientError extends Error {
  readonly transient = true;
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'IntercomTransientError';
  }
}

/** 4xx other than 404/409/429: retrying the same request would fail the same way. */
export class IntercomRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Intercom's error code (`parameter_invalid`, …); empty when Intercom sent none. */
    readonly code: string = '',
  ) {
    super(message);
    this.name = 'IntercomRequestError';
  }

  /**
   * True when Intercom refused the object addressed rather than the caller: a `422`,
   * or a `400` that is not about authentication. Such a refusal is final for that
   * object only (e.g. a lead with a social identity can never be merged).
   */
  get refusesObject(): boolean {
    return this.status === 422 || (this.status === 400 && !AUTH_CODES.has(this.code));
  }
}

/**
 * A contact write refused for one custom attribute's value (400 `parameter_invalid`,
 * nothing written): which attribute, when Intercom's message names it, is found with
 * attributeAmong(). Its message never holds Intercom's, which may quote the value.
 */
export class IntercomRefusedAttributeError extends IntercomRequestError {
  /** Intercom's messages, kept out of `message` and of any log: they may quote the value. */
  readonly #said: { quoted: string[]; text: string };

  constructor(
    operation: string,
    readonly reason: AttributeRefusalReason,
    said: { quoted: string[]; text: string },
    message = `${operation}: Intercom refused a custom attribute value (${REFUSAL_REASON_TEXT[reason]})`,
  ) {
    super(message, 400, 'parameter_invalid');
    this.#said = said;
    this.name = 'IntercomRefusedAttributeError';
  }

  /** The attribute of `sent` that Intercom's message names, or null when it names none. */
  attributeAmong(sent: readonly string[]): string | null {
    return namedAttribute(this.#said, sent);
  }
}

/** A write named a custom data attribute the workspace does not have (400 parameter_invalid). */
export class IntercomUnknownAttributeError extends IntercomRefusedAttributeError {
  constructor(
    operation: string,
    /** The attribute's name as Intercom quoted it, e.g. `facility`. */
    readonly attribute: string,
  ) {
    super(
      operation,
      'unknown_attribute',
      { quoted: [attribute], text: '' },
      `${operation}: custom data attribute '${attribute}' does not exist in the workspace`,
    );
    this.name = 'IntercomUnknownAttributeError';
  }
}

/** A create met a data attribute that exists already (400 `You already have '<name>' …`). */
export class IntercomAlreadyExistsError extends IntercomRequestError {
  constructor(operation: string) {
    super(`${operation}: it exists already`, 400, 'parameter_invalid');
    this.name = 'IntercomAlreadyExistsError';
  }
}

export class IntercomNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found in Intercom`);
    this.name = 'IntercomNotFoundError';
  }
}

/** A create answered 409: a contact with those details exists, and this is its id. */
export class IntercomConflictError extends Error {
  constructor(
    readonly existingId: string | null,
    /** Intercom said the existing contact is archived: unarchive it before using it. */
    readonly archived = false,
  ) {
    super(
      `Intercom ${archived ? 'archived ' : ''}contact already exists${existingId ? ` with id=${existingId}` : ''}`,
    );
    this.name = 'IntercomConflictError';
  }
}

/** No INTERCOM_ACCESS_TOKEN: nothing can be read, and writes are only logged. */
export class IntercomDryRunError extends Error {
  constructor(operation: string) {
    super(`Dry run (no INTERCOM_ACCESS_TOKEN): ${operation} not sent`);
    this.name = 'IntercomDryRunError';
  }
}

/** Codes Intercom uses for a token that is missing, invalid or lacks a scope. */
const AUTH_CODES = new Set(['unauthorized', 'token_unauthorized', 'token_not_found', 'forbidden']);

interface ErrorListBody {
  errors?: Array<{ code?: unknown; message?: unknown }>;
}

function errorsOf(body: unknown): Array<{ code: string; message: string }> {
  const errors = (body as ErrorListBody | null | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error) => ({
    code: typeof error?.code === 'string' ? error.code : '',
    message: typeof error?.message === 'string' ? error.message : '',
  }));
}

/** `A contact matching those details already exists with id=6657…` → `6657…` */
export function existingIdFromConflict(body: unknown): string | null {
  for (const error of errorsOf(body)) {
    const match = /id=([A-Za-z0-9_-]+)/.exec(error.message);
    if (match) return match[1];
  }
  return null;
}

/** `Custom attribute 'facility' does not exist` → `facility` */
export function unknownAttributeOf(body: unknown): string | null {
  for (const error of errorsOf(body)) {
    const match = /custom attribute '([^']+)' does not exist/i.exec(error.message);
    if (match) return match[1];
  }
  return null;
}

/** The operations that write a contact's custom attributes (the gateway's names). */
const CONTACT_WRITES: ReadonlySet<string> = new Set(['PUT contact', 'POST contact']);

/** A `400 parameter_invalid` that reads as the refusal of one attribute's value (attribute-refusal.ts). */
function refusedAttributeOf(
  body: unknown,
): { reason: AttributeRefusalReason; quoted: string[]; text: string } | null {
  const errors = errorsOf(body).filter((error) => error.code === 'parameter_invalid');
  const messages = errors.map((error) => error.message);
  const read = readAttributeRefusal(messages);
  return read && { ...read, text: messages.join('\n') };
}

/** One failed answer: its HTTP status (undefined when none came) and its parsed body. */
export interface FailedAnswer {
  status?: number;
  body?: unknown;
  /** No answer within the time limit. */
  timedOut?: boolean;
  /** What the client said when there was no HTTP answer (network error). */
  message?: string;
}

/**
 * The one classification of a failed Intercom call. `operation` names the call in
 * messages, e.g. `PUT contact`. Never throws; returns the error to throw.
 */
export function classifyIntercomAnswer(
  operation: string,
  answer: FailedAnswer,
  timeoutMs: number,
): Error {
  const { status, body } = answer;
  if (answer.timedOut) {
    return new IntercomTransientError(`${operation}: no answer within ${timeoutMs} ms`);
  }
  if (status === undefined || status === 429 || status >= 500) {
    return new IntercomTransientError(
      `${operation}: ${status ? `HTTP ${status}` : (answer.message ?? 'no answer')}`,
      status,
    );
  }
  if (status === 404) return new IntercomNotFoundError(operation);
  if (status === 409) {
    const archived = errorsOf(body).some((error) => /archived/i.test(error.message));
    return new IntercomConflictError(existingIdFromConflict(body), archived);
  }
  const attribute = status === 400 ? unknownAttributeOf(body) : null;
  if (attribute !== null) return new IntercomUnknownAttributeError(operation, attribute);
  if (status === 400 && errorsOf(body).some((error) => /^you already have /i.test(error.message))) {
    return new IntercomAlreadyExistsError(operation);
  }
  const refusal = status === 400 && CONTACT_WRITES.has(operation) ? refusedAttributeOf(body) : null;
  if (refusal !== null)
    return new IntercomRefusedAttributeError(operation, refusal.reason, refusal);
  const code = errorsOf(body)[0]?.code ?? '';
  return new IntercomRequestError(
    `${operation}: HTTP ${status}${code ? ` ${code}` : ''}`,
    status,
    code,
  );
}
