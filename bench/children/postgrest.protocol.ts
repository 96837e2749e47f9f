/** The PostgREST-compatible server (test/support) in its own process. */
export interface PostgrestInit {
  connectionString: string;
  serviceKey: string;
}

export interface PostgrestInfo {
  url: string;
}

export type PostgrestCommands = {
  /** Forgets the request log (it grows with every request); answers how many there were. */
  clearRequests: { args: null; result: number };
};
