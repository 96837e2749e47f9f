/**
 * How a failed Intercom call is classified. Transient failures are retried by
 * the inbox; the others are final for the notification that caused them.
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
  ) {
    super(message);
    this.name = 'IntercomRequestError';
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
  constructor(readonly existingId: string | null) {
    super(`Intercom contact already exists${existingId ? ` with id=${existingId}` : ''}`);
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
