/** The baselines announce where they listen, and take no commands. */
export interface BaselineInfo {
  url: string;
}

export type BaselineCommands = Record<string, never>;

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface WebhookBaselineInit {
  mysql: MysqlTarget;
  /** INTERCOM_CLIENT_SECRET, as the bench configures the service. */
  secret: string;
}

export interface LookupBaselineInit {
  mysql: MysqlTarget;
  supabaseUrl: string;
  serviceRoleKey: string;
  /**
   * 'per-request': the original route, a new MySQL connection for each request.
   * 'pooled': the same work on a connection pool, with the checks the service
   * makes (`checks`): the reference for the service, a careful hand-written route.
   */
  connections: 'per-request' | 'pooled';
  /** What the pooled route checks, as the bench configures the service (lib/service.ts). */
  checks: {
    /** LOOKUP_API_KEYS */
    keys: string[];
    /** LOOKUP_RATE_LIMIT, LOOKUP_RATE_WINDOW_MS */
    rateLimit: number;
    rateWindowMs: number;
    /** TRUST_PROXY_HOPS (the service's default) */
    trustProxyHops: number;
  };
}
