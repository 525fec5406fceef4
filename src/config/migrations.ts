/**
 * Applies the migrations in prisma/migrations with `prisma migrate deploy`,
 * the same command production uses. The CLI takes ~10 s to exit on these
 * machines (a timer inside its WASM engine), so it is only run when the
 * database lacks a migration that is on disk.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrationsDir, projectRoot } from './paths.js';

const run = promisify(execFile);

export function migrationNamesOnDisk(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
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

/** Runs `prisma migrate deploy`; rejects with the CLI's output if it fails. */
export async function deployMigrations(databaseUrl: string): Promise<void> {
  const cli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
  try {
    await run(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed:\n${output.stderr ?? ''}${output.stdout ?? ''}`);
  }
  await loadReferenceData(databaseUrl);
}

/** Applies pending migrations, if any, and the reference data; returns the names that were pending. */
export async function migrateToLatest(databaseUrl: string): Promise<string[]> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length > 0) await deployMigrations(databaseUrl);
  else await loadReferenceData(databaseUrl);
  return pending;
}

/**
 * Reference data a migration cannot carry efficiently (the ICD-10 catalogue:
 * 24,628 rows by one COPY), loaded after the migrations when its table is empty.
 */
export async function loadReferenceData(databaseUrl: string): Promise<void> {
  const { loadIcd10Catalogue } = await import('../modules/clinical/icd10.js');
  await loadIcd10Catalogue(databaseUrl);
}
