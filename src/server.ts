/**
 * Entry point: validates configuration, starts the database (the embedded one
 * when DATABASE_URL is not set), applies migrations, seeds the demo hospital on
 * a fresh development database, runs the background workers in this process
 * unless WORKERS=off (then `npm run worker` runs them), and serves HTTP until
 * Ctrl-C / SIGTERM. With WEB_CONCURRENCY > 1 it supervises that many web
 * processes instead (src/webProcesses.ts).
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { seedDemoHospital } from '../prisma/seed.js';
import { DEMO_PASSWORD, staffLogins } from '../prisma/demo/hospital.js';
import { createPrismaClient, type Db } from './config/db.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './config/embeddedPostgres.js';
import { ConfigError, loadEnv, webProcessIndex, type Env } from './config/env.js';
import { setBcryptCost } from './modules/staff/passwords.js';
import { createLogger, type Logger } from './config/logger.js';
import { migrateToLatest } from './config/migrations.js';
import { projectRoot } from './config/paths.js';
import { createRedis, type RedisClient } from './config/redis.js';
import { createErrorReporter, type ErrorReporter } from './config/errorReports.js';
import { createBackOffice, type BackOffice } from '../admin/admin.js';
import { buildApp } from './http/app.js';
import { jobQueueFor, type JobQueue } from './modules/jobs/queue.js';
import { startHospitalWorkers } from './modules/jobs/tasks.js';
import type { Workers } from './modules/jobs/worker.js';
import { channelsFor } from './modules/notifications/channels.js';
import { createNotifier } from './modules/notifications/service.js';
import { createGateway } from './modules/payments/razorpay.js';
import { STOP_MESSAGE, superviseWebProcesses } from './webProcesses.js';

interface Running {
  server?: Server;
  db?: Db;
  redis?: RedisClient;
  embedded?: EmbeddedDatabase;
  backOffice?: BackOffice;
  errors?: ErrorReporter;
  jobs?: JobQueue;
  workers?: Workers;
}

async function openDatabase(env: Env, logger: Logger, running: Running): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  logger.info('DATABASE_URL is not set: starting the embedded PostgreSQL');
  running.embedded = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    database: 'parth',
    logger,
  });
  logger.info(`embedded PostgreSQL is up on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${env.EMBEDDED_PG_DIR})`);
  return running.embedded.url;
}

function printWelcome(env: Env, url: string): void {
  const lines = [
    `Parth Hospital ERP is running at ${url}`,
    `  back-office: ${url}/admin`,
    `  health: ${url}/health   readiness: ${url}/ready`,
  ];
  if (env.SEED_DEMO_DATA) {
    lines.push(`  demo staff logins (password ${DEMO_PASSWORD}):`);
    for (const login of staffLogins) lines.push(`    ${login.role.padEnd(13)} ${login.email}`);
  }
  console.log(lines.join('\n'));
}

function listen(app: ReturnType<typeof buildApp>, env: Env): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(env.PORT, env.HOST, () => resolve(server));
    server.once('error', reject);
  });
}

async function shutDown(running: Running, logger: Logger): Promise<void> {
  if (running.server) {
    await new Promise<void>((resolve) => running.server?.close(() => resolve()));
    running.server.closeAllConnections();
  }
  // Jobs under way finish, or are handed back to the queue for another worker.
  await running.workers?.stop();
  await running.jobs?.close();
  await running.backOffice?.close();
  await running.db?.$disconnect();
  await running.redis?.quit().catch(() => undefined);
  await running.errors?.close();
  if (running.embedded) {
    logger.info('stopping the embedded PostgreSQL');
    await running.embedded.stop();
  }
}

/** How long each phase of the start took, printed in development (issue #18's start-up budget). */
function phaseClock(): { mark(name: string): void; summary(): string } {
  const marks: string[] = [];
  // performance.now() counts from the process's start: the first mark is the modules' loading.
  let last = 0;
  const took = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    mark(name) {
      const now = performance.now();
      marks.push(`${name} ${took(now - last)}`);
      last = now;
    },
    summary: () => `start-up: ${marks.join(' · ')} · total ${took(performance.now())}`,
  };
}

async function main(): Promise<void> {
  // A local .env file, if present, fills in variables the shell did not set.
  const dotEnv = path.join(projectRoot, '.env');
  if (existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const env = loadEnv();
  setBcryptCost(env.BCRYPT_COST);
  const logger = createLogger(env);
  const running: Running = {};
  if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) return superviseAll(env, logger, running);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    shutDown(running, logger)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A closed terminal: shut down the same way (and stop the embedded PostgreSQL with us).
  process.on('SIGHUP', () => stop('SIGHUP'));
  if (cluster.isWorker) {
    // The supervisor passes on a Ctrl-C that the terminal may have given this process already: not a second one.
    process.on('message', (message) => message === STOP_MESSAGE && !stopping && stop('the supervisor’s stop'));
    // The supervisor is gone (killed): nobody would replace or stop this process, so it stops.
    process.on('disconnect', () => !stopping && stop('the supervisor is gone'));
  }

  const clock = phaseClock();
  clock.mark('modules');
  try {
    const databaseUrl = await openDatabase(env, logger, running);
    clock.mark('database');
    const applied = await migrateToLatest(databaseUrl);
    if (applied.length > 0) logger.info(`applied migrations: ${applied.join(', ')}`);
    clock.mark('migrations');

    running.db = createPrismaClient(databaseUrl, { lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS });
    // The queue's tables (graphile-worker migrates its own schema).
    running.jobs = jobQueueFor(databaseUrl, env.JOBS_SCHEMA);
    await running.jobs.utils();
    const notifier = createNotifier(running.db, running.jobs, channelsFor(env), logger, env.PATIENT_APP_URL ?? env.PUBLIC_URL);
    if (env.REDIS_URL) running.redis = createRedis(env.REDIS_URL, logger);
    if (env.SEED_DEMO_DATA) {
      const { seeded } = await seedDemoHospital(running.db);
      if (seeded) logger.info('seeded the demo hospital');
    }
    clock.mark('seed');

    const gateway = createGateway(env);
    if (!gateway) logger.info('Razorpay keys are not set: online payment is off');
    running.backOffice = await createBackOffice({
      env,
      gateway,
      db: running.db,
      databaseUrl,
      redis: running.redis,
      logger,
      jobs: running.jobs,
      notifier,
      // `npm run dev` rebundles the components on every change; `npm start` only when they changed.
      bundle: env.NODE_ENV === 'production' ? 'prebuilt' : process.argv.includes('--watch-components') ? 'watch' : 'cached',
    });
    logger.info(`back-office sessions are kept in ${running.backOffice.sessionStoreKind === 'redis' ? 'Redis' : 'PostgreSQL'}`);
    clock.mark('back-office');
    running.errors = await createErrorReporter(env);
    const app = buildApp({
      env,
      db: running.db,
      redis: running.redis,
      logger,
      gateway,
      adminRouter: running.backOffice.router,
      errorReporter: running.errors,
      notifier,
      jobs: running.jobs,
    });
    if (env.WORKERS === 'inline') {
      running.workers = await startHospitalWorkers({ db: running.db, databaseUrl, env, logger, queue: running.jobs, notifier });
      logger.info('background workers run in this process (WORKERS=inline)');
    } else if (webProcessIndex() > 0) logger.info('background workers run in web process 0, not in this one');
    else logger.info('background workers are off here (WORKERS=off): run npm run worker');
    clock.mark('workers');
    running.server = await listen(app, env);
    if (env.NODE_ENV === 'development') logger.info(clock.summary());
    const shownHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
    // One banner for all the web processes.
    if (webProcessIndex() === 0) printWelcome(env, env.PUBLIC_URL ?? `http://${shownHost}:${env.PORT}`);
  } catch (error) {
    logger.error(`start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutDown(running, logger).catch(() => undefined);
    process.exit(1);
  }
}

/** WEB_CONCURRENCY > 1: this process starts the embedded database when needed and supervises the web processes. */
async function superviseAll(env: Env, logger: Logger, running: Running): Promise<void> {
  try {
    const url = await openDatabase(env, logger, running);
    await superviseWebProcesses(env, logger, { url, stop: running.embedded ? () => running.embedded!.stop() : undefined });
  } catch (error) {
    logger.error(`start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await running.embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // Configuration errors are the user's to fix: one clear line each, no stack.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
