/**
 * Preloaded (`node -r`) into the CLI processes the member sync measurement
 * runs, transpiled to plain JavaScript like the service guard. It counts the
 * statements the process sends to MySQL through mysql2 (every connection,
 * pooled or not), by the statement's text with its values left out, and the
 * CPU time the process used from its first GET_LOCK (the member sync's lock:
 * the run, without the process's start-up) to its exit; at exit it writes
 * both (QueryCounts) to the file the bench names (QueryCounterInit). Nothing
 * else is touched.
 */
import { writeFileSync } from 'node:fs';
import * as mysql2 from 'mysql2';
import { childInit } from '../lib/child-init';
import type { QueryCounterInit, QueryCounts } from './query-counter.protocol';

type Send = (this: unknown, sql: unknown, ...rest: unknown[]) => unknown;

/** The SQL of what mysql2's query() and execute() accept: a string, a Query command or `{ sql }`. */
function textOf(sql: unknown): string {
  if (typeof sql === 'string') return sql;
  if (typeof sql === 'object' && sql !== null && 'sql' in sql && typeof sql.sql === 'string') {
    return sql.sql;
  }
  return '(unknown)';
}

/** The statement without its values: literals and placeholder lists become `?`. */
function shapeOf(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\b\d+\b/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?…)')
    .trim();
}

/** Counts every statement from now on; writes the counts to `file` at exit. */
function install(file: string): void {
  const counts: Record<string, number> = {};
  let cpuAtLock: NodeJS.CpuUsage | undefined;
  // Connection and PoolConnection inherit both methods from mysql2's base connection;
  // a pool's query() ends in its connection's query().
  const connection = (mysql2 as unknown as { Connection: { prototype: object } }).Connection;
  const base = Object.getPrototypeOf(connection.prototype) as Record<string, Send>;
  for (const method of ['query', 'execute']) {
    const original = base[method];
    base[method] = function (this: unknown, sql: unknown, ...rest: unknown[]): unknown {
      const shape = shapeOf(textOf(sql));
      counts[shape] = (counts[shape] ?? 0) + 1;
      if (cpuAtLock === undefined && /\bGET_LOCK\b/i.test(shape)) cpuAtLock = process.cpuUsage();
      return original.call(this, sql, ...rest);
    };
  }
  process.on('exit', () => {
    const used = cpuAtLock && process.cpuUsage(cpuAtLock);
    const result: QueryCounts = {
      statements: counts,
      runCpuMs: used ? (used.user + used.system) / 1000 : null,
    };
    writeFileSync(file, JSON.stringify(result));
  });
}

install(childInit<QueryCounterInit>().queryCountFile);
