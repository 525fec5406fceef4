/**
 * Configuration for the Prisma CLI (generate, migrate dev/deploy/status/diff).
 *
 * Our machines reach only the npm registry, so the CLI must not download its
 * native engines. It runs the WASM schema engine that ships inside the `prisma`
 * package, talking to PostgreSQL through `@prisma/adapter-pg`. Two upstream
 * gaps in adapter-pg 6.19 need patching, for the CLI only (the application's
 * own PrismaClient needs none of this) — see shared/design/platform-facts.md:
 *
 *  A. The schema engine introspects catalog columns whose types adapter-pg
 *     cannot deserialize (`name`, `"char"`, `oidvector`, …; prisma/orm#27403).
 *     We report them as `text` / `text[]` before the adapter sees the result,
 *     except that `"char"` columns are then handed to the engine typed as
 *     Character: it reads `pg_constraint.contype` as a char and panics
 *     ("unreachable") on a text value as soon as a CHECK constraint exists.
 *  C. The adapter runs a migration script by splitting it on every `;`, which
 *     cuts a PL/pgSQL function body (dollar-quoted, with its own semicolons)
 *     into pieces. We send the script whole instead: PostgreSQL's simple query
 *     protocol runs several statements in one message.
 *  B. `migrate dev` needs a shadow database. The stock factory reuses the main
 *     connection string and drops the shadow database while still connected to
 *     it. We create `prisma_shadow_<uuid>`, connect to it with its own pool, and
 *     on dispose close that pool first, then drop the database WITH (FORCE).
 */
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/dev/null';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/dev/null';

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// "char", name, int2vector, regproc, oidvector, pg_node_tree, regclass
const CATALOG_SCALAR_OIDS = new Set([18, 19, 22, 24, 30, 194, 2205]);
// "char"[], name[]
const CATALOG_ARRAY_OIDS = new Set([1002, 1003]);

const CHAR_OID = 18;
// ColumnTypeEnum.Character in @prisma/driver-adapter-utils.
const CHARACTER_COLUMN_TYPE = 6;

type FieldsResult = { fields?: Array<{ dataTypeID: number }>; rows?: unknown[] };

// Result rows → indexes of the columns that were `"char"` before rewriting.
const charColumnsOfRows = new WeakMap<object, number[]>();

function reportCatalogTypesAsText(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    const res = r as FieldsResult | undefined;
    const charColumns: number[] = [];
    (res?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) charColumns.push(index);
      if (CATALOG_SCALAR_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (CATALOG_ARRAY_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    });
    if (charColumns.length > 0 && res?.rows) charColumnsOfRows.set(res.rows, charColumns);
  }
}

type QueryableAdapter = {
  queryRaw(query: unknown): Promise<{ columnTypes: number[]; rows: unknown[] }>;
};

function typeCharColumnsAsCharacter<T>(adapter: T): T {
  const queryable = adapter as unknown as QueryableAdapter;
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOfRows.get(result.rows) ?? []) {
      result.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    }
    return result;
  };
  return adapter;
}

let clientPatched = false;
function patchPgClientQuery(): void {
  if (clientPatched) return;
  clientPatched = true;
  const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]): unknown {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => {
        if (!err) reportCatalogTypesAsText(res);
        callback(err, res);
      };
      return originalQuery.apply(this, args);
    }
    const returned = originalQuery.apply(this, args);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      return (returned as Promise<unknown>).then((res) => {
        reportCatalogTypesAsText(res);
        return res;
      });
    }
    return returned;
  };
}

function connectionFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    // The CLI does not always close its pool; idle connections would keep the
    // process alive for pg's default 10 s after the work is done.
    idleTimeoutMillis: 100,
  };
}

type ScriptAdapter = {
  client: { query(text: string): Promise<unknown> };
  onError(error: unknown): never;
  executeScript(script: string): Promise<void>;
};

/** Fix C: the whole script in one simple-protocol query. */
function runScriptsWhole<T>(adapter: T): T {
  const scripted = adapter as unknown as ScriptAdapter;
  scripted.executeScript = async (script) => {
    try {
      await scripted.client.query(script);
    } catch (error) {
      scripted.onError(error);
    }
  };
  return adapter;
}

class PrismaPgWithShadowDb extends PrismaPg {
  constructor(private readonly fields: pg.PoolConfig) {
    super(fields);
  }

  override async connect() {
    return runScriptsWhole(typeCharColumnsAsCharacter(await super.connect()));
  }

  override async connectToShadowDb() {
    const admin = new pg.Client({ ...this.fields });
    await admin.connect();
    const shadowName = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    try {
      await admin.query(`CREATE DATABASE "${shadowName}"`);
    } finally {
      await admin.end();
    }
    const shadow = new PrismaPg({ ...this.fields, database: shadowName });
    const adapter = runScriptsWhole(typeCharColumnsAsCharacter(await shadow.connect()));
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ ...this.fields });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  }
}

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations'), seed: 'tsx prisma/seed-cli.ts' },
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the Prisma CLI needs a database to talk to');
    patchPgClientQuery();
    return new PrismaPgWithShadowDb(connectionFields(url));
  },
});
