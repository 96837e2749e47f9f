import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** helmet with the service's options: the security headers of every answer. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        // Swagger UI ships its own script file, inline styles and data: images.
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        // Plain http must keep working for local use and the sandbox; TLS is the proxy's job.
        'upgrade-insecure-requests': null,
      },
    },
  }) as RequestHandler;
}

/**
 * The headers `middleware` sets, read once from a stub request: configureApp
 * sets them from this list on every response, which skips helmet's per-request
 * work (its Content-Security-Policy is rebuilt from the directives on every
 * request, about 5 % of a lookup's CPU).
 * Only for a middleware whose headers depend on nothing in the request, as
 * helmet's do with the options above (no nonce).
 */
export function fixedHeaders(middleware: RequestHandler): ReadonlyArray<readonly [string, string]> {
  const headers: Array<[string, string]> = [];
  const res = {
    setHeader: (name: string, value: string | number) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  void middleware({} as Request, res as unknown as Response, (error?: unknown) => {
    if (error)
      throw error instanceof Error ? error : new Error('fixedHeaders: the middleware failed');
    done = true;
  });
  if (!done) throw new Error('fixedHeaders: the middleware did not finish at once');
  return headers;
}
