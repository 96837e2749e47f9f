import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

export const mysqlConfig = registerAs('mysql', () => {
  const env = parseEnv(process.env);
  return {
    host: env.MYSQL_HOST,
    port: env.MYSQL_PORT,
    user: env.MYSQL_USER,
    password: env.MYSQL_PASS,
    database: env.MYSQL_DB,
    poolSize: env.MYSQL_POOL_SIZE,
    /** Longest wait for one command's answer, in ms; past it the connection is discarded. */
    queryTimeoutMs: env.MYSQL_QUERY_TIMEOUT_MS,
    /** Milliseconds after which an idle pooled connection is closed. */
    idleTimeoutMs: env.MYSQL_IDLE_TIMEOUT_MS,
    /** Milliseconds the service's start keeps retrying an unreachable MySQL before it exits 1. */
    startupWaitMs: env.MYSQL_STARTUP_WAIT_MS,
  };
});
