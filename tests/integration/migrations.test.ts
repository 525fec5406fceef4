/**
 * The migrations applied through pg (src/config/migrations.ts), not the Prisma
 * CLI: on a new database every migration is applied and recorded so that
 * `prisma migrate status` calls the database up to date; a second run applies
 * nothing; a failing migration leaves nothing of itself, is recorded as failed
 * with its error, and blocks the next run until resolved — as Prisma does.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { deployMigrations, migrationNamesOnDisk } from '../../src/config/migrations.js';
import { migrationsDir, projectRoot } from '../../src/config/paths.js';
import { useScratchDatabases } from '../support/lifecycle.js';

const run = promisify(execFile);
const [freshUrl, badUrl] = useScratchDatabases(`parth_migrate_new_${process.pid}`, `parth_migrate_bad_${process.pid}`) as [string, string];

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations applied through pg', () => {
  it('apply every migration once, recorded as prisma migrate status expects', async () => {
    expect(await deployMigrations(freshUrl)).toEqual(migrationNamesOnDisk());
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished: boolean }>(
      freshUrl,
      'SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY 1',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNamesOnDisk());
    expect(rows.every((r) => r.finished && r.applied_steps_count === 1 && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    // The reference data comes with them.
    expect((await query<{ n: number }>(freshUrl, 'SELECT count(*)::int AS n FROM "Icd10Code"'))[0]?.n).toBe(24_628);

    const cli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
    const status = await run(process.execPath, [cli, 'migrate', 'status'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: freshUrl, CHECKPOINT_DISABLE: '1' },
    });
    expect(status.stdout).toContain('Database schema is up to date!');

    expect(await deployMigrations(freshUrl)).toEqual([]);
  }, 180_000);

  it('leave nothing of a failing migration, record its error, and refuse to go on until it is resolved', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parth-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const bad = '29991231000000_half_done';
    mkdirSync(path.join(dir, bad));
    writeFileSync(path.join(dir, bad, 'migration.sql'), 'CREATE TABLE "HalfDone" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n');

    await expect(deployMigrations(badUrl, dir)).rejects.toThrow(`migration ${bad} failed: relation "NoSuchTable" does not exist`);
    // Its first statement went with it; the ones before it are applied.
    expect(await query(badUrl, `SELECT to_regclass('"HalfDone"') AS t`)).toEqual([{ t: null }]);
    const failed = await query<{ logs: string }>(badUrl, `SELECT logs FROM _prisma_migrations WHERE finished_at IS NULL`);
    expect(failed).toEqual([{ logs: expect.stringContaining('NoSuchTable') }]);
    await expect(deployMigrations(badUrl, dir)).rejects.toThrow(`migration ${bad} failed earlier and is not resolved`);
  }, 180_000);
});
