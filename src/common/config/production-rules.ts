import { z } from 'zod';

/** What the production rules read: the parsed values they combine. */
interface ProductionView {
  NODE_ENV: string;
  DB_TYPE: string;
  SUPABASE_URL?: string;
  SUPABASE_SERVICE_ROLE_KEY?: string;
  INTERCOM_ACCESS_TOKEN?: string;
  INTERCOM_CLIENT_SECRET: readonly string[];
  INTERCOM_WEBHOOK_SECRET: readonly string[];
  INTERCOM_WEBHOOK_UNSIGNED: string;
  LOOKUP_API_KEYS: readonly string[];
}

/**
 * The rules that combine variables (docs/reference.md, "Configuration" and "Delivery
 * guarantees and safety"): a Supabase URL needs its key; in production, a service that would
 * run unprotected, send nothing, or lose acknowledged notifications is a start-up error.
 * Every broken rule is added as an issue of its own, so all are reported at once.
 */
export function checkVariableCombinations(env: ProductionView, ctx: z.RefinementCtx): void {
  const problem = (variable: string, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
  if (env.SUPABASE_URL && !env.SUPABASE_SERVICE_ROLE_KEY) {
    problem('SUPABASE_SERVICE_ROLE_KEY', 'is required when SUPABASE_URL is set');
  }
  if (env.NODE_ENV !== 'production') return;
  if (env.INTERCOM_WEBHOOK_UNSIGNED === 'allow') {
    problem(
      'INTERCOM_WEBHOOK_UNSIGNED',
      'must not be allow when NODE_ENV=production (webhooks would be accepted unsigned)',
    );
  }
  if (env.INTERCOM_CLIENT_SECRET.length === 0 && env.INTERCOM_WEBHOOK_SECRET.length === 0) {
    problem(
      'INTERCOM_CLIENT_SECRET',
      'is required when NODE_ENV=production (every webhook would be refused)',
    );
  }
  if (!env.INTERCOM_ACCESS_TOKEN) {
    problem(
      'INTERCOM_ACCESS_TOKEN',
      'is required when NODE_ENV=production (nothing would be read from or written to Intercom)',
    );
  }
  if (env.LOOKUP_API_KEYS.length === 0) {
    problem(
      'LOOKUP_API_KEYS',
      'is required when NODE_ENV=production (the lookup endpoint would be closed to everyone)',
    );
  }
  if (!env.SUPABASE_URL) {
    problem(
      'SUPABASE_URL',
      "is required when NODE_ENV=production (every contact's positions would be written empty)",
    );
  }
  if (env.DB_TYPE !== 'mysql') {
    // The embedded database lives in memory: acknowledged webhooks would die with the process.
    problem('DB_TYPE', 'must be mysql when NODE_ENV=production (sqljs keeps everything in memory)');
  }
}
