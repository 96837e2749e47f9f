/**
 * The member's USER contact is archived and Intercom would not unarchive it: a
 * contact deleted for good still answers a create with the archived-style 409, and
 * its unarchive then fails (404 or 5xx, per field reports of Intercom's behaviour).
 * Permanent: retrying would meet the same contact; an admin must restore or delete it.
 */
export class ContactNotRestorableError extends Error {
  /** Read by the inbox's failure classification: no retry. */
  readonly permanent = true;

  constructor(
    readonly contactId: string,
    cause: string,
  ) {
    super(`Intercom contact ${contactId} is archived and could not be unarchived (${cause})`);
    this.name = 'ContactNotRestorableError';
  }
}
