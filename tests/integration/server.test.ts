/**
 * The real entry point, as a newcomer runs it: `src/server.ts` in its own
 * process. Proves the zero-config start on the embedded PostgreSQL and the
 * one-line configuration errors.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/config/paths.js';
import { redisUrl } from '../support/env.js';
import { useScratchDatabases } from '../support/lifecycle.js';

/** The environment of a fresh machine: no database, no Redis, no app settings. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

/**
 * A child process compiles the whole app with tsx before it reads its configuration:
 * seconds when idle, far more while the other Jest worker loads the machine. The
 * limit only ends a hang; no assertion depends on how long the start takes.
 */
const SPAWN_TIMEOUT_MS = 180_000;

function startServer(extra: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: projectRoot, env: bareEnv(extra) });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function collect(child: ChildProcessWithoutNullStreams): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('starting the server', () => {
  it(
    'stops with one clear line naming a wrong variable, and no stack trace',
    async () => {
      const child = startServer({ PORT: 'eighty' });
      const output = collect(child);
      expect(await exitOf(child)).toBe(1);
      expect(output.err().trim().split('\n')).toEqual(['Invalid configuration: PORT: expected a port number (got "eighty")']);
      expect(output.out()).toBe('');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'refuses to start in production without DATABASE_URL',
    async () => {
      const child = startServer({ NODE_ENV: 'production' });
      const output = collect(child);
      expect(await exitOf(child)).toBe(1);
      expect(output.err().trim()).toMatch(/^Invalid configuration: DATABASE_URL: required when NODE_ENV=production/);
    },
    SPAWN_TIMEOUT_MS,
  );

  it('with no configuration: starts the embedded PostgreSQL, migrates, seeds, serves, and stops cleanly on Ctrl-C', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'parth-start-'));
    // As root, PostgreSQL runs as the `postgres` user, who must reach the data directory.
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, 'pg');
    const [port, pgPort] = [await freePort(), await freePort()];
    const child = startServer({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: dataDir, HOST: '127.0.0.1' });
    const output = collect(child);
    const exited = exitOf(child);
    try {
      await waitFor(() => output.out().includes('is running at'), 240_000, 'the start-up banner').catch((error: Error) => {
        throw new Error(`${error.message}\n--- stdout\n${output.out()}\n--- stderr\n${output.err()}`);
      });
      expect(output.out()).toContain(`http://127.0.0.1:${port}`);
      expect(output.out()).toContain('admin@demo.parth.hospital');

      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);

      const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'parth' });
      await client.connect();
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Patient"');
      await client.end();
      expect(rows[0]?.n).toBeGreaterThanOrEqual(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    // The embedded server is gone: its port no longer accepts connections.
    const probe = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', connectionTimeoutMillis: 2000 });
    await expect(probe.connect()).rejects.toThrow();

    // A restart does none of the first start's work: no migration, no seed, no bundling of the
    // back-office (its bundle is kept while the components are unchanged), and says what it spent.
    const loadedFile = path.join(parent, 'loaded-packages.json');
    const again = startServer({
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_PG_DIR: dataDir,
      HOST: '127.0.0.1',
      NODE_OPTIONS: `--import ${path.join(projectRoot, 'tests/support/loadedPackages.mjs')}`,
      LOADED_PACKAGES_FILE: loadedFile,
    });
    const second = collect(again);
    const secondExit = exitOf(again);
    try {
      await waitFor(() => second.out().includes('is running at'), 240_000, 'the restart banner');
      expect(second.out()).toMatch(/start-up: modules [\d.]+ s · database [\d.]+ s · migrations [\d.]+ s/);
      expect(second.out()).not.toMatch(/applied migrations|seeded the demo hospital|components bundled/);
      const bundle = await fetch(`http://127.0.0.1:${port}/admin/frontend/assets/components.bundle.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(10_000);

      // A second npm start on the same data directory, while this one runs: one line saying why, exit 1,
      // and the running server untouched (it was "start-up failed: undefined").
      const twin = startServer({
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_DIR: dataDir,
        HOST: '127.0.0.1',
      });
      const twinOutput = collect(twin);
      expect(await exitOf(twin)).toBe(1);
      expect(twinOutput.err()).toContain(
        `start-up failed: The embedded PostgreSQL did not start: another server is already using its data directory ${dataDir} (is another npm start running?)`,
      );
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    } finally {
      again.kill('SIGINT');
    }
    expect(await secondExit).toBe(0);
    // ExcelJS and pdfkit load with the first workbook or PDF, not with every start (src/modules/lazyLibraries.ts).
    const loaded = JSON.parse(readFileSync(loadedFile, 'utf8')) as string[];
    expect(loaded).toEqual(expect.arrayContaining(['@prisma/client', 'adminjs', 'express', 'pg']));
    expect(loaded.filter((name) => ['exceljs', 'pdfkit'].includes(name))).toEqual([]);
  }, 300_000);
});

describe('several web processes (WEB_CONCURRENCY)', () => {
  const [databaseUrl] = useScratchDatabases(`parth_web_processes_${process.pid}`);
  const redis = redisUrl();
  /** The supervisor's children: its web processes. */
  const webProcesses = (supervisor: number): number[] =>
    readFileSync(`/proc/${supervisor}/task/${supervisor}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const isRunning = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  // The mode needs Redis (the configuration refuses it without: tests/unit/env.test.ts); CI has it.
  (redis ? it : it.skip)(
    'serves one port from two processes, replaces one that dies, and stops them all on SIGTERM',
    async () => {
      const port = await freePort();
      const child = startServer({
        DATABASE_URL: databaseUrl!,
        REDIS_URL: redis!,
        REDIS_KEY_PREFIX: `web-processes-${process.pid}:`,
        WEB_CONCURRENCY: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
      });
      const output = collect(child);
      const exited = exitOf(child);
      const said = (text: string) => output.out().includes(text) || output.err().includes(text);
      try {
        await waitFor(() => said('2 web processes serve port'), 240_000, 'both web processes').catch((error: Error) => {
          throw new Error(`${error.message}\n--- stdout\n${output.out()}\n--- stderr\n${output.err()}`);
        });
        expect(output.out().match(/is running at/g)).toHaveLength(1);
        const [first, second] = webProcesses(child.pid!);
        expect([first, second].every((pid) => pid !== undefined && isRunning(pid))).toBe(true);
        for (let i = 0; i < 6; i += 1) expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

        process.kill(first!, 'SIGKILL');
        await waitFor(
          () => {
            const now = webProcesses(child.pid!);
            return now.length === 2 && !now.includes(first!) && said(`(pid ${first}) stopped`);
          },
          240_000,
          'a replacement web process',
        );
        const startUps = () => (output.out() + output.err()).match(/start-up: modules/g)?.length ?? 0;
        await waitFor(() => startUps() >= 3, 240_000, 'the replacement to listen');
        for (let i = 0; i < 6; i += 1) expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      } finally {
        const serving = webProcesses(child.pid!);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(serving.filter(isRunning)).toEqual([]);
      }
    },
    300_000,
  );
});
