import type { Request } from 'express';

/** The key a caller presented: `Authorization: Bearer <key>` first, else `X-API-Key`. */
export function extractApiKey(request: Pick<Request, 'headers'>): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  const header = request.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim() !== '' ? value.trim() : undefined;
}
