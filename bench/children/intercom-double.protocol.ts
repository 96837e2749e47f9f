/** What the bench asks of the Intercom double running in its own process. */
export interface IntercomDoubleInit {
  token: string;
  rateLimit: { limit: number; windowMs: number };
  /** Every allowed answer waits this long, ms (real Intercom's answers are not instant); default 0. */
  latencyMs?: number;
}

export interface IntercomDoubleInfo {
  url: string;
  /**
   * Date.now() at which the double's fixed rate-limit windows are anchored: window i
   * is [origin + i × windowMs, origin + (i + 1) × windowMs).
   */
  windowsOrigin: number;
}

/** One request the double received: when, and what it answered. */
export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  /** Date.now() on arrival. */
  at: number;
}

export interface DoubleStats {
  tooManyRequests: number;
  maxCallsInAnyWindow: number;
  validationErrors: number;
}

/** A contact to seed as it is (the member sync's enriched contacts). */
export interface ContactSeedArgs {
  email: string;
  customAttributes: Record<string, string>;
  phone?: string;
}

export type IntercomDoubleCommands = {
  /** Adds one user contact per email, without member_number; answers their ids. */
  addContacts: { args: { emails: string[] }; result: string[] };
  /** Adds one user contact per seed, with its custom attributes; answers their ids. */
  seedContacts: { args: { contacts: ContactSeedArgs[] }; result: string[] };
  /**
   * Sets `member_type` to this value on every contact carrying a member_number (the
   * member sync then has a difference to write on each); answers how many.
   */
  staleMemberType: { args: { value: string }; result: number };
  /** Requests received so far, then forgets them. */
  takeCalls: { args: null; result: RecordedCall[] };
  stats: { args: null; result: DoubleStats };
};
