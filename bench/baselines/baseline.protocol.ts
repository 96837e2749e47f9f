/** Both baselines announce where they listen, and take no commands. */
export interface BaselineInfo {
  url: string;
}

export type BaselineCommands = Record<string, never>;

export interface LookupBaselineInit {
  mysql: { host: string; port: number; user: string; password: string; database: string };
  supabaseUrl: string;
  serviceRoleKey: string;
}
