/**
 * The lookup route as the original Express service wrote it
 * (../shared/reference/original-intercom-integration.md): a new MySQL
 * connection for every request, the member query run with execute(), and the
 * member's positions read through supabase-js, the same query the service makes.
 * No API key, no throttling, no request logging: only the work the original did.
 * With `connections: 'pooled'` the same route runs its query on a pool instead
 * (the reference row of the report).
 */
import type { Server } from 'node:http';
import type { RealtimeClientOptions } from '@supabase/realtime-js';
import { createClient } from '@supabase/supabase-js';
import express from 'express';
import { createConnection, createPool, type RowDataPacket } from 'mysql2/promise';
import ws from 'ws';
import { childInit } from '../lib/child-init';
import { serveBaseline } from './baseline-server';
import type { LookupBaselineInit } from './baseline.protocol';

/** getMemberByEmailQuery() of the original helpers, as CONTRACT section 3 describes the tables. */
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

  const app = express();
  app.use(express.json());
  app.post('/api/intercom/lookup-email', async (req, res) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    if (!email || typeof email !== 'string') {
      res.status(400).json({ error: 'Email address is required' });
      return;
    }
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
  });

  const server: Server = app.listen(0, '127.0.0.1');
  await serveBaseline(server);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
