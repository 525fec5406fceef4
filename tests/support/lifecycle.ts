/**
 * The setup every test file needs, written once: a Prisma client on the run's
 * database (closed after the file), and the real back-office app.
 */
import type { Express } from 'express';
import pg from 'pg';
import type { BackOffice } from '../../admin/admin.js';
import type { Db } from '../../src/config/db.js';
import { startBackOffice } from './backOffice.js';
import { testDatabaseUrl, testDb } from './env.js';
import { databaseUrlFor } from './testRun.js';

/** A client on the run's database; it connects on first use and is closed after the file. */
export function useDatabase(maxConnections = 5, url?: string): Db {
  const db = testDb(url, maxConnections);
  afterAll(() => db.$disconnect());
  return db;
}

/** The real app with the back-office router, started before the file's tests. */
export function useBackOffice(
  db: Db,
  options: () => Parameters<typeof startBackOffice>[1] = () => ({}),
): { readonly app: Express; readonly backOffice: BackOffice } {
  let started: { app: Express; backOffice: BackOffice } | undefined;
  beforeAll(async () => {
    started = await startBackOffice(db, options());
  });
  afterAll(async () => {
    await started?.backOffice.close();
  });
  const get = () => {
    if (!started) throw new Error('the back-office starts in beforeAll');
    return started;
  };
  return {
    get app() {
      return get().app;
    },
    get backOffice() {
      return get().backOffice;
    },
  };
}

/** The error a refused operation throws, or null when it succeeded. */
export async function errorOf(work: Promise<unknown>): Promise<(Error & { code?: string; status?: number; details?: unknown }) | null> {
  return work.then(
    () => null,
    (error: Error & { code?: string; status?: number }) => error,
  );
}

/**
 * Empty databases of the file's own on the run's server, created before its tests and
 * dropped after them; their URLs, in the order of the names (a pid in each keeps the
 * test processes apart).
 */
export function useScratchDatabases(...names: string[]): string[] {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  beforeAll(async () => {
    await admin.connect();
    for (const name of names) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
  afterAll(async () => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });
  return names.map((name) => databaseUrlFor(testDatabaseUrl(), name));
}
