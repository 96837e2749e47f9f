import { MEMBER_NUMBER_ATTRIBUTE, SYNC_TAG } from './seed/intercom.seed';

/**
 * The sandbox's configuration: everything points at the embedded stand-ins.
 * These keys and secrets exist only inside this process, so printing them
 * (for Swagger UI and curl) gives nothing away.
 */
export const SANDBOX_SECRETS = {
  lookupKey: 'sandbox-lookup-key',
  adminKey: 'sandbox-admin-key',
  clientSecret: 'sandbox-client-secret',
  serviceRoleKey: 'sandbox-service-role-key',
  intercomToken: 'sandbox-intercom-token',
} as const;

export const DEFAULT_PORT = 1300;

/**
 * The member sync's interval in the sandbox: short, so the walkthrough shows a
 * contact following a change in the member database within seconds.
 */
export const SANDBOX_SYNC_INTERVAL_MS = 2_000;

export interface SandboxEndpoints {
  port: number;
  supabaseUrl: string;
  intercomUrl: string;
  intercomAdminId: string;
}

/**
 * The environment the service starts with. LOG_LEVEL defaults to warn so the
 * walkthrough stays readable (LOG_LEVEL=info npm run sandbox shows everything);
 * the inbox polls and retries fast, and the member sync runs every 2 s, so
 * nothing waits on a timer for long.
 */
export function sandboxEnv(
  endpoints: SandboxEndpoints,
  current: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  return {
    ...current,
    NODE_ENV: 'development',
    PORT: String(endpoints.port),
    LOG_LEVEL: current.LOG_LEVEL || 'warn',
    DB_TYPE: 'sqljs',
    SUPABASE_URL: endpoints.supabaseUrl,
    SUPABASE_SERVICE_ROLE_KEY: SANDBOX_SECRETS.serviceRoleKey,
    INTERCOM_API_BASE_URL: endpoints.intercomUrl,
    INTERCOM_ACCESS_TOKEN: SANDBOX_SECRETS.intercomToken,
    INTERCOM_CLIENT_SECRET: SANDBOX_SECRETS.clientSecret,
    INTERCOM_ADMIN_ID: endpoints.intercomAdminId,
    // The seeded workspace uses these; a different value in the shell would leave the sync idle.
    INTERCOM_SYNC_TAG: SYNC_TAG,
    INTERCOM_MEMBER_NUMBER_ATTRIBUTE: MEMBER_NUMBER_ATTRIBUTE,
    INBOX_WORKER_ENABLED: 'true',
    LOOKUP_API_KEYS: SANDBOX_SECRETS.lookupKey,
    ADMIN_API_KEYS: SANDBOX_SECRETS.adminKey,
    INBOX_POLL_INTERVAL_MS: '200',
    INBOX_RETRY_BASE_MS: '500',
    INBOX_RETRY_MAX_MS: '5000',
    // The walkthrough's last step waits for a sync round: a value from the shell would stall it.
    MEMBER_SYNC_ENABLED: 'true',
    MEMBER_SYNC_INTERVAL_MS: String(SANDBOX_SYNC_INTERVAL_MS),
  };
}
