/**
 * `npm run worker`: the background workers as their own process — imports,
 * report exports, messages and the schedule — for a deployment whose web
 * instances run with WORKERS=off. Several may run at once, on any machines:
 * each job runs on one of them. SIGTERM lets running jobs finish (or hands
 * them back to the queue) before it exits.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPrismaClient } from './config/db.js';
import { ConfigError, loadEnv } from './config/env.js';
import { createLogger } from './config/logger.js';
import { migrateToLatest } from './config/migrations.js';
import { projectRoot } from './config/paths.js';
import { jobQueueFor } from './modules/jobs/queue.js';
import { startHospitalWorkers } from './modules/jobs/tasks.js';
import { channelsFor } from './modules/notifications/channels.js';
import { createNotifier } from './modules/notifications/service.js';
import { setBcryptCost } from './modules/staff/passwords.js';

async function main(): Promise<void> {
  const dotEnv = path.join(projectRoot, '.env');
  if (existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const env = loadEnv();
  setBcryptCost(env.BCRYPT_COST);
  const logger = createLogger(env);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl)
    throw new ConfigError(['Invalid configuration: DATABASE_URL: a worker process works on the database the web instances use']);
  await migrateToLatest(databaseUrl);
  const db = createPrismaClient(databaseUrl, { lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS });
  const queue = jobQueueFor(databaseUrl, env.JOBS_SCHEMA);
  const notifier = createNotifier(db, queue, channelsFor(env), logger, env.PATIENT_APP_URL ?? env.PUBLIC_URL);
  const workers = await startHospitalWorkers({ db, databaseUrl, env, logger, queue, notifier });
  logger.info(`worker ${workers.id} is taking jobs (concurrency ${env.JOBS_CONCURRENCY})`);
  console.log(`worker ready: ${workers.id}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal} received: finishing the running jobs`);
    workers
      .stop()
      .then(() => queue.close())
      .then(() => db.$disconnect())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
