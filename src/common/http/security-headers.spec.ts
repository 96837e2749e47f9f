import type { RequestHandler } from 'express';
import { fixedHeaders, securityHeaders } from './security-headers';

describe('fixedHeaders', () => {
  it("reads helmet's headers, the service's CSP among them", () => {
    const headers = new Map(fixedHeaders(securityHeaders()));
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Content-Security-Policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(headers.get('Content-Security-Policy')).not.toContain('upgrade-insecure-requests');
    expect(headers.size).toBeGreaterThan(8);
  });

  it('refuses a middleware that does not finish at once', () => {
    const later: RequestHandler = (_req, _res, next) => void setImmediate(next);
    expect(() => fixedHeaders(later)).toThrow('did not finish at once');
  });
});
