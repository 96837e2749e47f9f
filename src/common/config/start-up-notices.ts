import type { Env } from './env.schema';

/**
 * One line of the start-up summary: a mode that is off or degraded, what it means, and the
 * variable that changes it. Never holds a value of the configuration.
 */
export interface StartUpNotice {
  level: 'log' | 'warn';
  msg: string;
  /** The variable an operator sets to change this mode. */
  variable: string;
}

/**
 * What an operator must know about this start, derived from the validated configuration
 * alone (docs/operations.md, "Start-up"): each mode that is off or degraded, one line each,
 * worst first. Nothing is listed for a fully configured service except metrics left open.
 */
export function startUpNotices(env: Env): StartUpNotice[] {
  const notices: StartUpNotice[] = [];
  const warn = (msg: string, variable: string) => notices.push({ level: 'warn', msg, variable });
  const info = (msg: string, variable: string) => notices.push({ level: 'log', msg, variable });
  if (env.DB_TYPE === 'sqljs') {
    warn('Embedded in-memory database: nothing survives a restart', 'DB_TYPE');
  }
  if (!env.INTERCOM_ACCESS_TOKEN) {
    warn(
      'Intercom dry run: nothing is read from or written to Intercom; notifications are recorded and logged with what would be done',
      'INTERCOM_ACCESS_TOKEN',
    );
  }
  const secrets =
    env.INTERCOM_CLIENT_SECRET.length > 0
      ? env.INTERCOM_CLIENT_SECRET
      : env.INTERCOM_WEBHOOK_SECRET;
  if (secrets.length === 0 && env.INTERCOM_WEBHOOK_UNSIGNED === 'allow') {
    warn('Webhooks accepted unsigned (local work only)', 'INTERCOM_WEBHOOK_UNSIGNED');
  } else if (secrets.length === 0) {
    warn('Webhooks refused: every notification is answered 401', 'INTERCOM_CLIENT_SECRET');
  } else if (secrets.length === 2) {
    info(
      'Client secret rotation: signatures made with either of the two secrets are accepted',
      'INTERCOM_CLIENT_SECRET',
    );
  }
  if (!env.SUPABASE_URL) warn('No Supabase: positions are empty', 'SUPABASE_URL');
  if (env.LOOKUP_API_KEYS.length === 0) {
    warn('No lookup keys: every lookup is refused 401', 'LOOKUP_API_KEYS');
  }
  if (env.ADMIN_API_KEYS.length === 0) {
    warn('No admin keys: every admin route is refused 401', 'ADMIN_API_KEYS');
  }
  if (!env.INBOX_WORKER_ENABLED) {
    warn('Inbox worker off: notifications are recorded, not processed', 'INBOX_WORKER_ENABLED');
  }
  if (!env.MEMBER_SYNC_ENABLED) {
    info('Member sync off in this instance', 'MEMBER_SYNC_ENABLED');
  }
  if (env.METRICS_API_KEYS.length === 0) {
    info('Metrics open: GET /api/metrics needs no key', 'METRICS_API_KEYS');
  }
  return notices;
}
