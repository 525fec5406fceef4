/**
 * Backups of the hospital's database with PostgreSQL's own tools: `pg_dump` in
 * its custom format (compressed, restorable table by table) into the backup
 * folder, checked by `pg_restore --list` before it counts, the oldest removed
 * beyond the number kept; a restore goes into an empty database only (never
 * over live data). The tools must match the server's major version.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BACKUP_FILE = /^parth-(\d{8}T\d{6}Z)\.dump$/;

export interface BackupOptions {
  databaseUrl: string;
  dir: string;
  /** How many backups to keep (the newest); older ones are removed after a good backup. */
  keep: number;
  now?: Date;
}

export interface Backup {
  file: string;
  bytes: number;
  removed: string[];
}

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

/** The backups in a folder, newest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => BACKUP_FILE.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(dir, name));
}

export async function backUp(options: BackupOptions): Promise<Backup> {
  await mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, `parth-${stamp(options.now ?? new Date())}.dump`);
  const partial = `${file}.partial`;
  try {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${options.databaseUrl}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
    // A dump that pg_restore cannot read is no backup: checked before it replaces an older one.
    await run('pg_restore', ['--list', partial], { maxBuffer: 64 * 1024 * 1024 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`The backup failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
  const removed = (await listBackups(options.dir)).slice(Math.max(1, options.keep));
  for (const old of removed) await rm(old, { force: true });
  return { file, bytes: (await stat(file)).size, removed };
}

/** Restores a backup into an empty database (refused when it already holds tables). */
export async function restore(file: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*)::text AS count FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (Number(rows[0]?.count ?? 0) > 0) throw new Error('The database to restore into is not empty: restore into a new database');
  } finally {
    await client.end();
  }
  try {
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${databaseUrl}`, file], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`The restore failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
}
