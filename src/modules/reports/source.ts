/**
 * Where reports read from: a small node-postgres pool of their own. The SQL
 * is still built with Prisma.sql (parameterised, never concatenated); it is
 * run through pg because Prisma's raw-query path costs a few milliseconds per
 * call, which more than doubled the time of the small reports (measured in
 * bench/reports.ts). A pool of its own also keeps a slow report from taking
 * the connections the desks need, and can later point at a read replica.
 */
import type { Prisma } from '@prisma/client';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { NO_JIT, surviveDroppedConnections } from '../../config/db.js';

export interface ReportSource {
  rows(statement: Prisma.Sql): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * Statements are prepared once per connection, named by their text (each
 * report has a few shapes, one per grouping): later runs skip parsing and
 * planning, and PostgreSQL still plans afresh for the values while that pays.
 */
const statementName = (text: string) => `report_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

/**
 * `jit: false` for a source of small, frequent reports (the dashboard's one
 * day): JIT compilation there costs more than the query. A year's report keeps it.
 */
export function createReportSource(databaseUrl: string, maxConnections = 4, { jit = true } = {}): ReportSource {
  const pool = surviveDroppedConnections(
    new pg.Pool({ connectionString: databaseUrl, max: maxConnections, connectionTimeoutMillis: 5000, ...(jit ? {} : { options: NO_JIT }) }),
  );
  return {
    rows: async ({ text, values }) => (await pool.query<Record<string, unknown>>({ name: statementName(text), text, values })).rows,
    close: () => pool.end(),
  };
}
