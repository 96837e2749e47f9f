/** What the bench asks of the Intercom double running in its own process. */
export interface IntercomDoubleInit {
  token: string;
  rateLimit: { limit: number; windowMs: number };
}

export interface IntercomDoubleInfo {
  url: string;
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

export type IntercomDoubleCommands = {
  /** Adds one user contact per email, without member_number; answers their ids. */
  addContacts: { args: { emails: string[] }; result: string[] };
  /** Requests received so far, then forgets them. */
  takeCalls: { args: null; result: RecordedCall[] };
  stats: { args: null; result: DoubleStats };
};
