/**
 * A migrated scratch database on DATABASE_URL's server for one benchmark run,
 * dropped afterwards whatever happens.
 */
import pg from 'pg';
import { loadEnv } from '../src/config/env.js';
import { deployMigrations } from '../src/config/migrations.js';

export async function withScratchDatabase<T>(prefix: string, work: (url: string, admin: pg.Client) => Promise<T>): Promise<T> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server for the benchmark');
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${name}`;
    await deployMigrations(url.toString());
    return await work(url.toString(), admin);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  }
}
