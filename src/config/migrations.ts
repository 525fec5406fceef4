/**
 * Applies the migrations in prisma/migrations the way `prisma migrate deploy`
 * does — each migration.sql run whole, in name order, recorded in
 * `_prisma_migrations` with its SHA-256 checksum, under the same advisory lock
 * the CLI takes — but through `pg`, here in the process. The CLI spends ~10 s
 * idle on these machines (a timer inside its WASM schema engine) for 0.2 s of
 * SQL; `prisma migrate status` and `prisma migrate deploy` read our rows as
 * their own (tested), so the CLI stays the tool by hand (`npm run db:migrate`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrationsDir } from './paths.js';

/** The advisory lock `prisma migrate deploy` holds while it migrates (its engine's fixed key). */
const PRISMA_MIGRATE_LOCK = 72707369;

export function migrationNamesOnDisk(dir = migrationsDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function appliedMigrationNames(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') AS name`);
    if (!table.rows[0]?.name) return new Set();
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.map((row) => row.migration_name));
  } finally {
    await client.end();
  }
}

export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const applied = await appliedMigrationNames(databaseUrl);
  return migrationNamesOnDisk().filter((name) => !applied.has(name));
}

/** The bookkeeping table, as Prisma creates it. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function applyMigrationFile(client: pg.Client, dir: string, name: string): Promise<void> {
  const script = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
  const checksum = createHash('sha256').update(script).digest('hex');
  const id = randomUUID();
  await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [
    id,
    checksum,
    name,
  ]);
  try {
    // One simple-protocol query: PostgreSQL runs a multi-statement script as one implicit
    // transaction, so a failing migration leaves nothing of itself behind.
    await client.query(script);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // As Prisma does: the failed row stays, and blocks the next deploy until someone resolves it.
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
    throw new Error(`migration ${name} failed: ${message}`);
  }
  await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
}

/** Applies every migration on disk (prisma/migrations, or `dir`) that the database lacks; returns their names. */
export async function deployMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const failed = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL',
    );
    if (failed.rows.length > 0) {
      const name = failed.rows[0]?.migration_name ?? '';
      throw new Error(
        `migration ${name} failed earlier and is not resolved: fix it, then run npx prisma migrate resolve --rolled-back ${name}`,
      );
    }
    const done = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const already = new Set(done.rows.map((r) => r.migration_name));
    for (const name of migrationNamesOnDisk(dir).filter((n) => !already.has(n))) {
      await applyMigrationFile(client, dir, name);
      applied.push(name);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  await loadReferenceData(databaseUrl);
  return applied;
}

/** Applies pending migrations, if any, and the reference data; returns the names that were pending. */
export async function migrateToLatest(databaseUrl: string): Promise<string[]> {
  // The common case, a restart, costs one query and takes no lock.
  if ((await pendingMigrations(databaseUrl)).length === 0) {
    await loadReferenceData(databaseUrl);
    return [];
  }
  return deployMigrations(databaseUrl);
}

/**
 * Reference data a migration cannot carry efficiently (the ICD-10 catalogue:
 * 24,628 rows by one COPY), loaded after the migrations when its table is empty.
 */
export async function loadReferenceData(databaseUrl: string): Promise<void> {
  const { loadIcd10Catalogue } = await import('../modules/clinical/icd10.js');
  await loadIcd10Catalogue(databaseUrl);
}
