import { randomUUID } from 'node:crypto';

/** A proxy's `X-Request-Id` when it is a sane token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.-]{1,128}$/.test(header) ? header : randomUUID();
}
