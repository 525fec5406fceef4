/** Drops this run's databases and stops the embedded server, if one was started. */
import pg from 'pg';
import type { TestRun } from './testRun.js';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __parthTestRun?: TestRun }).__parthTestRun;
  if (!run) return;
  const admin = new pg.Client({ connectionString: run.serverUrl });
  await admin.connect();
  try {
    for (const name of run.databases) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await run.embedded?.stop();
}
