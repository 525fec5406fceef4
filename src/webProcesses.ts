/**
 * WEB_CONCURRENCY > 1: the process `npm start` runs only supervises, and the app
 * runs in that many web processes (node:cluster) sharing the one port, each with
 * its own event loop — one Node process uses one core for JavaScript, and the
 * busiest hour on two cores queued on it (bench/hospitalHour.ts).
 *
 * - The processes start one after another: the first applies the migrations,
 *   seeds a fresh database and bundles the back-office; the next find it done.
 * - Background workers run in the first only (WORKERS as set); the others serve.
 * - One that dies after it served is replaced a second later.
 * - SIGINT, SIGTERM and SIGHUP stop them all (each finishes its requests), then
 *   the embedded PostgreSQL when this process started it.
 */
import cluster, { type Worker } from 'node:cluster';
import { WEB_PROCESS_VARIABLE, type Env } from './config/env.js';
import type { Logger } from './config/logger.js';

/** The message a web process takes as its signal to stop (it may have had the terminal's Ctrl-C already). */
export const STOP_MESSAGE = 'parth:stop';

const STOP_GRACE_MS = 30_000;

export interface SupervisedDatabase {
  url: string;
  stop?: () => Promise<void>;
}

export async function superviseWebProcesses(env: Env, logger: Logger, database: SupervisedDatabase): Promise<void> {
  const alive = new Map<Worker, number>();
  let stopping = false;

  const fork = (index: number) => {
    const worker = cluster.fork({
      DATABASE_URL: database.url,
      [WEB_PROCESS_VARIABLE]: String(index),
      WORKERS: index === 0 ? env.WORKERS : 'off',
    });
    alive.set(worker, index);
    return worker;
  };

  /** Starts web process `index` and resolves once it listens; rejects when it ends before. */
  const start = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = fork(index);
      let served = false;
      worker.once('listening', () => {
        served = true;
        resolve();
      });
      worker.once('exit', (code, signal) => {
        alive.delete(worker);
        if (stopping) return;
        if (!served) return reject(new Error(`web process ${index} stopped while starting (${signal ?? `exit ${code}`})`));
        logger.error(`web process ${index} (pid ${worker.process.pid}) stopped (${signal ?? `exit ${code}`}): starting another`);
        setTimeout(() => {
          if (!stopping) start(index).catch((error: unknown) => logger.error(String(error)));
        }, 1000);
      });
    });

  const stopAll = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${reason}: stopping ${alive.size} web processes`);
    const exits = [...alive.keys()].map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    for (const worker of alive.keys()) if (worker.isConnected()) worker.send(STOP_MESSAGE);
    const forced = setTimeout(() => {
      for (const worker of alive.keys()) worker.process.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(exits);
    clearTimeout(forced);
    if (database.stop) {
      logger.info('stopping the embedded PostgreSQL');
      await database.stop();
    }
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stopAll(`${signal} received`)
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error('shutdown failed', { error: String(error) });
          process.exit(1);
        });
    });
  }

  try {
    for (let index = 0; index < env.WEB_CONCURRENCY; index += 1) await start(index);
  } catch (error) {
    await stopAll('a web process could not start');
    throw error;
  }
  logger.info(`${env.WEB_CONCURRENCY} web processes serve port ${env.PORT} (WEB_CONCURRENCY)`);
}
