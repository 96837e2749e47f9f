import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

export const appConfig = registerAs('app', () => {
  const env = parseEnv(process.env);
  return {
    port: env.PORT,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logPretty: env.LOG_PRETTY,
    trustProxyHops: env.TRUST_PROXY_HOPS,
  };
});
