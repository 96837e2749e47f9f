/** Both baselines announce where they listen, and take no commands. */
export interface BaselineInfo {
  url: string;
}

export type BaselineCommands = Record<string, never>;

export interface LookupBaselineInit {
  mysql: { host: string; port: number; user: string; password: string; database: string };
  supabaseUrl: string;
  serviceRoleKey: string;
  /**
   * 'per-request': the original route, a new MySQL connection for each request.
   * 'pooled': the same route on a connection pool, nothing else changed: the
   * reference for what pooling alone buys on this machine.
   */
  connections: 'per-request' | 'pooled';
}
