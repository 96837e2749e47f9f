import type { AddressInfo } from 'node:net';
import type { Env } from '../config/env.schema';
import { startUpNotices } from '../config/start-up-notices';
import type { BootstrapLogger } from './bootstrap-logger';

/**
 * The first lines of a start, before Nest's own (docs/operations.md, "Start-up"): the port
 * and environment, then one line per mode that is off or degraded, each naming the variable
 * that changes it. Never a value of the configuration other than the port and NODE_ENV.
 */
export function logStartUpSummary(logger: BootstrapLogger, env: Env): void {
  logger.log({
    msg: `Starting on port ${env.PORT} (NODE_ENV=${env.NODE_ENV}, Node.js ${process.version})`,
    port: env.PORT,
    nodeEnv: env.NODE_ENV,
    node: process.version,
  });
  for (const { level, msg, variable } of startUpNotices(env)) logger[level]({ msg, variable });
}

/**
 * Once the server listens: where. `address` is what the socket is bound to (`::` or
 * `0.0.0.0`: every interface), `url` where the service answers on this machine.
 */
export function logListening(logger: BootstrapLogger, bound: AddressInfo | string | null): void {
  if (bound === null || typeof bound === 'string') {
    logger.log({ msg: `Listening on ${String(bound)}`, address: bound });
    return;
  }
  const everywhere = bound.address === '::' || bound.address === '0.0.0.0';
  const host = everywhere
    ? 'localhost'
    : bound.family === 'IPv6'
      ? `[${bound.address}]`
      : bound.address;
  const url = `http://${host}:${bound.port}/api`;
  logger.log({
    msg: `Listening on ${everywhere ? 'every interface' : bound.address}, port ${bound.port}: ${url}`,
    address: bound.address,
    port: bound.port,
    url,
  });
}
