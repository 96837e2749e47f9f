/**
 * Whether the service is given INTERCOM_RATE_LIMIT against a rate-limited
 * double. A build whose limiter follows Intercom's X-RateLimit-Limit has no
 * default limit (the variable is then only a ceiling, and a ceiling keeps it
 * to its cautious rule): it is left unset. An older build defaults to 166 per
 * window: it is given the double's limit, or it would use a tenth of 1,666.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { BenchArgs } from './args';
import { REPO_ROOT } from './paths';

/** The build's INTERCOM_RATE_LIMIT when unset: a number, null (none), or undefined (could not tell). */
function defaultRateLimit(serviceMain: string): number | null | undefined {
  const schema = join(dirname(serviceMain), 'common', 'config', 'env.schema.js');
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'const { parseEnv } = require(process.argv[1]);' +
        'process.stdout.write(JSON.stringify(parseEnv({}).INTERCOM_RATE_LIMIT ?? null));',
      schema,
    ],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NODE_PATH: join(REPO_ROOT, 'node_modules') },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (probe.status !== 0) return undefined;
  try {
    const value = JSON.parse(probe.stdout) as unknown;
    return typeof value === 'number' || value === null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** True: leave INTERCOM_RATE_LIMIT unset. Answers the note for the report too. */
export function chooseIntercomLimit(
  args: BenchArgs,
  serviceMain: string,
): { fromHeaders: boolean; note: string } {
  if (args.intercomLimit !== 'auto') {
    const fromHeaders = args.intercomLimit === 'unset';
    return {
      fromHeaders,
      note: `INTERCOM_RATE_LIMIT ${fromHeaders ? 'left unset' : "set to the double's limit"} against rate-limited doubles (--intercom-limit=${args.intercomLimit})`,
    };
  }
  const fallback = defaultRateLimit(serviceMain);
  if (fallback === null) {
    return {
      fromHeaders: true,
      note: 'INTERCOM_RATE_LIMIT left unset against rate-limited doubles: the build has no default limit (its limiter follows X-RateLimit-Limit)',
    };
  }
  return {
    fromHeaders: false,
    note:
      "INTERCOM_RATE_LIMIT set to the double's limit against rate-limited doubles: " +
      (fallback === undefined
        ? 'the build’s default could not be read'
        : `the build defaults to ${fallback} per window`),
  };
}
