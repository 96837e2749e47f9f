/**
 * The lookup route as the original Express service wrote it
 * (../shared/reference/original-intercom-integration.md): a new MySQL
 * connection for every request, the member query run with execute(), and the
 * member's positions read through supabase-js, the same query the service makes.
 * No API key, no throttling, no request logging: only the work the original did.
 *
 * With `connections: 'pooled'` (the reference row of the report) the same work
 * runs on a pool, behind what a careful hand-written Express route does for the
 * service's contract: the same API key check (the same headers, compared in
 * constant time), 415 for a body that is not JSON, the body's rule, a per-caller
 * throttle (express-rate-limit, the service's limit and window, 429 with
 * Retry-After), the service's error bodies, and its security headers (helmet
 * with the service's options). The key and email rules and helmet's options
 * are the service's own, so that the rules are literally the same.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { RealtimeClientOptions } from '@supabase/realtime-js';
import { createClient } from '@supabase/supabase-js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { createConnection, createPool, type RowDataPacket } from 'mysql2/promise';
import ws from 'ws';
import { findPresentedKey } from '../../src/common/auth/api-key';
import { keyMatcher } from '../../src/common/auth/constant-time-equals';
import { securityHeaders } from '../../src/common/http/security-headers';
import type { AppError } from '../../src/common/errors/app.error';
import { ERROR_STATUS } from '../../src/common/errors/error-status.map';
import { readLookupEmail } from '../../src/intercom/lookup/lookup-email.input';
import { childInit } from '../lib/child-init';
import { serveBaseline } from './baseline-server';
import type { LookupBaselineInit } from './baseline.protocol';

const PATH = '/api/intercom/lookup-email';
const MAX_BODY = '1mb';

/** getMemberByEmailQuery() of the original helpers, as docs/reference.md, "Data the service reads" describes the tables. */
const MEMBER_BY_EMAIL_QUERY = `SELECT m.membernumber, m.firstname, m.lastname, m.email, m.phone, m.status,
       m.membertypeid, COALESCE(r.code, fr.code) AS region, f.code AS facility
  FROM members m
  LEFT JOIN facilities f ON f.id = m.facility_id
  LEFT JOIN regions r ON r.id = m.region_id
  LEFT JOIN regions fr ON fr.id = f.region_id
 WHERE m.email = ? AND m.status IN (?, ?)
 ORDER BY m.status = 'Active' DESC, m.updated_at DESC`;

interface MemberRow extends RowDataPacket {
  membernumber: string;
  firstname: string;
  lastname: string;
  email: string | null;
  phone: string | null;
  region: string | null;
  facility: string | null;
}

async function main(): Promise<void> {
  const init = childInit<LookupBaselineInit>();
  const supabase = createClient(init.supabaseUrl, init.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as unknown as RealtimeClientOptions['transport'] },
  });

  async function getMemberPositions(memberNumber: string): Promise<string[]> {
    const today = new Date().toISOString().slice(0, 10);
    const { data, error } = await supabase
      .from('positions')
      .select('positiontype,start_date')
      .eq('membernumber', memberNumber)
      .lte('start_date', today)
      .or(`end_date.is.null,end_date.gte.${today}`)
      .order('start_date', { ascending: false })
      .order('positiontype', { ascending: true })
      .returns<Array<{ positiontype: string }>>();
    if (error) throw new Error(error.message);
    return [...new Set((data ?? []).map((row) => row.positiontype))];
  }

  // As many connections as the load has requests in flight, so no request waits for one.
  const pool =
    init.connections === 'pooled' ? createPool({ ...init.mysql, connectionLimit: 16 }) : undefined;
  async function findMember(email: string): Promise<MemberRow | undefined> {
    const query = `${MEMBER_BY_EMAIL_QUERY}\n LIMIT 1`;
    const params = [email, 'Active', 'Retired'];
    if (pool) return (await pool.execute<MemberRow[]>(query, params))[0][0];
    // Closed before the positions are read, where the original closed it after sending the answer:
    // the same work, only held open for less time.
    const connection = await createConnection(init.mysql);
    try {
      return (await connection.execute<MemberRow[]>(query, params))[0][0];
    } finally {
      await connection.end();
    }
  }

  /** The lookup itself, once the email is known to be good. */
  async function answer(email: string, res: Response): Promise<void> {
    try {
      const member = await findMember(email);
      if (!member) {
        res.json({ found: false });
        return;
      }
      const positions = await getMemberPositions(member.membernumber);
      res.json({
        found: true,
        member_number: member.membernumber,
        firstname: member.firstname,
        lastname: member.lastname,
        email: member.email,
        phone: member.phone,
        region: member.region,
        facility: member.facility,
        positions,
      });
    } catch {
      res.status(500).json({ error: 'Internal server error' });
    }
  }

  const app = express();
  if (init.connections === 'pooled') {
    // The client address behind the service's proxies, as the service reads it.
    app.set('trust proxy', init.checks.trustProxyHops);
    app.use(securityHeaders());
    app.post(PATH, ...checkedRoute(init.checks, answer));
  } else {
    app.use(express.json());
    app.post(PATH, async (req, res) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      if (!email || typeof email !== 'string') {
        res.status(400).json({ error: 'Email address is required' });
        return;
      }
      await answer(email, res);
    });
  }

  const server: Server = app.listen(0, '127.0.0.1');
  await serveBaseline(server);
}

/** Body-parser's errors a caller can cause, answered as the service answers them. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'Malformed JSON body'],
  'entity.verify.failed': [400, 'Malformed JSON body'],
  'request.aborted': [400, 'Malformed JSON body'],
  'request.size.invalid': [400, 'Malformed JSON body'],
  'entity.too.large': [413, 'Payload too large'],
  'encoding.unsupported': [415, 'Content-Type must be application/json'],
  'charset.unsupported': [415, 'Content-Type must be application/json'],
};

/**
 * The pooled route's middleware, in the service's order: JSON body (1 MB),
 * throttle per caller (a valid key is its own bucket, anything else its
 * address's, so guessing keys is throttled too), API key, JSON content type,
 * the body's rule, then `answer`.
 */
function checkedRoute(
  checks: LookupBaselineInit['checks'],
  answer: (email: string, res: Response) => Promise<void>,
): express.RequestHandler[] {
  // A digest per key, so that no raw key sits in the rate limiter's store.
  const callers = new Map(
    checks.keys.map((key) => [key, `key:${createHash('sha256').update(key).digest('hex')}`]),
  );
  const matchKey = keyMatcher(checks.keys);
  const fail = (res: Response, status: number, error: string) => {
    res.status(status).json({ error });
  };
  const parseJson = express.json({ limit: MAX_BODY });
  const readBody: express.RequestHandler = (req, res, next) => {
    parseJson(req, res, (error?: { type?: unknown } | null) => {
      if (error === undefined) return next();
      const type = error?.type;
      const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
      if (known) fail(res, known[0], known[1]);
      else fail(res, 500, 'Internal server error');
    });
  };
  const identify: express.RequestHandler = (req, res, next) => {
    const key = findPresentedKey(req, matchKey);
    res.locals.authenticated = key !== undefined;
    res.locals.caller = key === undefined ? `ip:${req.ip ?? 'unknown'}` : callers.get(key);
    next();
  };
  const throttle = rateLimit({
    windowMs: checks.rateWindowMs,
    limit: checks.rateLimit,
    keyGenerator: (_req: Request, res: Response) => res.locals.caller as string,
    // X-RateLimit-Limit/-Remaining/-Reset and Retry-After, as the service sends.
    legacyHeaders: true,
    standardHeaders: false,
    handler: (_req: Request, res: Response) => fail(res, 429, 'Too many requests'),
  });
  const authenticate: express.RequestHandler = (_req, res, next) => {
    if (res.locals.authenticated === true) next();
    else fail(res, 401, 'Unauthorized');
  };
  const validate: express.RequestHandler = (req, res, next) => {
    const sendsBody =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] !== undefined && Number(req.headers['content-length']) !== 0);
    if (sendsBody && !req.is('application/json')) {
      fail(res, 415, 'Content-Type must be application/json');
      return;
    }
    // The service's own rule (readLookupEmail), its refusals answered as the service maps them.
    try {
      res.locals.email = readLookupEmail(sendsBody ? req.body : {});
    } catch (error) {
      const { status, message } = ERROR_STATUS[(error as AppError).code];
      fail(res, status, message);
      return;
    }
    next();
  };
  const lookup: express.RequestHandler = (_req, res, next: NextFunction) => {
    answer(res.locals.email as string, res).catch(next);
  };
  return [readBody, identify, throttle, authenticate, validate, lookup];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
