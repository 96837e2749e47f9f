import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up listing: a line per module (`InstanceLoader`), per controller
 * (`RoutesResolver`) and per route (`RouterExplorer`), about 45 lines that bury the few an
 * operator needs. They stay available at `LOG_LEVEL=debug`.
 */
const LISTING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

function isListing(params: unknown[]): boolean {
  const context = params[params.length - 1];
  return typeof context === 'string' && LISTING_CONTEXTS.has(context);
}

/**
 * A logger that writes Nest's module and route listing at `debug` instead of `info`, and
 * everything else as `inner` would. Nest passes the context as the last parameter.
 */
export function nestListingAtDebug(inner: LoggerService): LoggerService {
  return {
    log(message: unknown, ...params: unknown[]): void {
      if (isListing(params) && inner.debug) inner.debug(message, ...params);
      else inner.log(message, ...params);
    },
    error(message: unknown, ...params: unknown[]): void {
      inner.error(message, ...params);
    },
    warn(message: unknown, ...params: unknown[]): void {
      inner.warn(message, ...params);
    },
    debug(message: unknown, ...params: unknown[]): void {
      inner.debug?.(message, ...params);
    },
    verbose(message: unknown, ...params: unknown[]): void {
      inner.verbose?.(message, ...params);
    },
    fatal(message: unknown, ...params: unknown[]): void {
      if (inner.fatal) inner.fatal(message, ...params);
      else inner.error(message, ...params);
    },
  };
}
