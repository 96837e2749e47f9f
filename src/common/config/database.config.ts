import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

/** Which database holds the member tables and the service's own: MySQL, or the sandbox's embedded SQLite. */
export const databaseConfig = registerAs('database', () => {
  const env = parseEnv(process.env);
  return { type: env.DB_TYPE };
});
