/**
 * The application's PrismaClient: the Rust-free client (`engineType =
 * "client"`) over node-postgres, so nothing native is downloaded. The CLI has
 * its own adapter setup in prisma.config.ts; this client needs none of it.
 */
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  Prisma,
  PrismaClient,
  type Appointment,
  type Deposit,
  type Doctor,
  type DrugBatch,
  type Invoice,
  type LabOrder,
} from '@prisma/client';
import pg from 'pg';

export type Db = PrismaClient;
/** A transaction in progress: what `db.$transaction(async (tx) => …)` hands its callback. */
export type Tx = Prisma.TransactionClient;
/** What a service accepts: the client (it opens its own transaction) or the caller's transaction (it joins it). */
export type DbOrTx = Db | Tx;

/**
 * Runs `work` in a transaction: a new one on a client, or the caller's own when
 * given one — so services compose (discharge bills, issues and settles in one
 * transaction) without each re-implementing the others.
 */
export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return '$transaction' in db ? db.$transaction(work) : work(db);
}

export interface DbOptions {
  /** Connections in the pool (node-postgres default: 10). */
  maxConnections?: number;
  /** Give up connecting after this long, so /ready answers quickly when the database is down. */
  connectTimeoutMs?: number;
  /** PostgreSQL's lock_timeout on every connection (env DB_LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number;
}

/** The default of DB_LOCK_TIMEOUT_MS (src/config/env.ts). */
export const DEFAULT_LOCK_TIMEOUT_MS = 3000;

/**
 * An idle connection that PostgreSQL drops (a restart, pg_terminate_backend, a
 * network blip) makes its pool emit 'error'; with no listener Node ends the
 * process. The pool has already discarded that connection and opens a new one
 * on demand, so there is nothing to do but not die. Every pool and client we
 * create goes through here.
 */
export function surviveDroppedConnections<T extends pg.Pool | pg.Client>(connection: T): T {
  (connection as unknown as { on(event: 'error', listener: () => void): void }).on('error', () => undefined);
  // A connection checked out of a pool reports its own errors, and one checked out when
  // PostgreSQL drops it would end the process just the same (graphile-worker checks for this).
  if (connection instanceof pg.Pool) connection.on('connect', (client) => client.on('error', () => undefined));
  return connection;
}

/** The node-postgres pool under each client, for queryRows. */
const pools = new WeakMap<Db, pg.Pool>();

/** Connection option that turns PostgreSQL's JIT compiler off (for pools of short queries). */
export const NO_JIT = '-c jit=off';

export function createPrismaClient(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = surviveDroppedConnections(
    new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // A lock wait ends in the database (SQLSTATE 55P03 → 409), not when Prisma's transaction
      // timer fires: that timer cannot cancel a statement stuck on a lock, so the request would
      // hang for as long as the lock is held.
      lock_timeout: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      // The desks' queries are small: PostgreSQL's JIT compiler, which starts on the planner's
      // cost alone, spent more time compiling than running them (dashboard 132 ms, issue #15).
      options: NO_JIT,
    }),
  );
  // The adapter ends the pool when the client disconnects.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/**
 * Runs a statement built with Prisma.sql (parameterised) straight through the
 * client's own node-postgres pool, for hot read paths: Prisma's raw-query path
 * costs ~0.7 ms of CPU per call here (bench/freeSlots.ts), which halves the
 * requests per second of a small endpoint. Same connections, same database.
 *
 * Each statement is prepared once per connection (a named statement), so
 * PostgreSQL parses and plans it once rather than on every call: planning was
 * two thirds of the free-slots query (1.10 ms → 0.35 ms a call, one
 * connection, bench doctor). A schema change under a running app replans on
 * its own; one that changes a statement's result columns answers an error
 * until the app restarts, as deploys do. (A pooler in transaction mode between
 * the app and PostgreSQL must keep prepared statements: PgBouncer ≥ 1.21 with
 * max_prepared_statements set.)
 */
export async function queryRows<Row>(db: DbOrTx, statement: Prisma.Sql): Promise<Row[]> {
  // Inside a transaction (no pool of its own), on the transaction's connection.
  const pool = pools.get(db as Db);
  if (!pool) return db.$queryRaw<Row[]>(statement);
  // `text` is a getter that joins the statement's pieces again on every read.
  const text = statement.text;
  const name = preparedName(text);
  // Without a name (past the cap) node-postgres runs it unprepared.
  return (await pool.query({ name, text, values: statement.values })).rows as Row[];
}

/** The tables whose rows a service locks before changing them, and the row each answers. */
interface LockableRows {
  Appointment: Appointment;
  Doctor: Doctor;
  Deposit: Deposit;
  DrugBatch: DrugBatch;
  Invoice: Invoice;
  LabOrder: LabOrder;
}

/**
 * Locks one row until the caller's transaction ends and answers it, in one statement
 * (`SELECT … FOR UPDATE` and then Prisma's read of the row was two, on every check-in,
 * bill and payment). Prisma's raw reads give numerics as Decimal, timestamps as Date and
 * enums as text, so the row has the model's shape; tests/integration/rowLocks.test.ts
 * compares it with Prisma's own read for each table here.
 */
export async function lockRow<Table extends keyof LockableRows>(tx: Tx, table: Table, id: number): Promise<LockableRows[Table] | null> {
  const rows = await tx.$queryRaw<LockableRows[Table][]>`SELECT * FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}

/** Statement texts prepared so far, and their names; a text built with a varying list beyond the cap runs unprepared. */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 200;

export function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `parth_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** The node-postgres pool under a client (its connection counts are metrics). */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

/** True when a trivial query succeeds within the pool's connect timeout. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/** Runs SQL on a connection directly through node-postgres, bypassing Prisma's per-call overhead. */
export type DirectSql = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/**
 * A Prisma client on one dedicated connection that bulk work can also drive
 * directly with node-postgres: inside `db.$transaction`, `sql` runs on the
 * same connection, so in the same transaction. (Prisma serialises every
 * parameter through its query engine: for a 300 kB batch that costs ~10 ms of
 * CPU against ~0.3 ms through pg, measured here.)
 */
export async function withDedicatedConnection<T>(databaseUrl: string, work: (db: Db, sql: DirectSql) => Promise<T>): Promise<T> {
  const pool = surviveDroppedConnections(new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 5000 }));
  let connection: pg.PoolClient | undefined;
  // With one connection in the pool, whatever Prisma checks out is that connection.
  pool.on('acquire', (client) => (connection = client));
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql: DirectSql = async (text, params) => {
    if (!connection) throw new Error('direct SQL runs inside the dedicated transaction');
    return (await connection.query(text, params)).rows;
  };
  try {
    return await work(db, sql);
  } finally {
    await db.$disconnect();
    await pool.end().catch(() => undefined);
  }
}

/**
 * The planner's row estimate for a model's table (pg_class.reltuples; -1 before
 * it was ever analysed): a list's size without counting a million rows.
 */
export async function estimatedRows(db: DbOrTx, model: string): Promise<number> {
  const table = `"${model.replaceAll('"', '')}"`;
  const rows = await db.$queryRaw<Array<{ estimate: number }>>`
    SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = to_regclass(${table})`;
  return Math.round(Number(rows[0]?.estimate ?? -1));
}
