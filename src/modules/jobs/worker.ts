/**
 * A worker process's share of the job queue: graphile-worker's pool running
 * the hospital's tasks and its schedule, plus what graphile-worker leaves to
 * us — knowing when another worker died.
 *
 * graphile-worker holds a killed worker's jobs locked for four hours before it
 * gives them to another. Each pool here says it is alive (a JobWorker row)
 * every JOBS_HEARTBEAT_SECONDS; a pool silent for four of those is dead, and
 * any live pool unlocks the jobs it held, so they run again within a minute or
 * two. A job's own transaction died with its process, so running it again is
 * safe; the tasks are written to be run more than once (keys, unique rows).
 */
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { Logger as QueueLogger, parseCronItems, run, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { surviveDroppedConnections, type Db } from '../../config/db.js';
import type { Logger } from '../../config/logger.js';
import type { JobQueue, TaskName, TaskPayloads } from './queue.js';

export type TaskHandler<T extends TaskName> = (
  payload: TaskPayloads[T],
  job: { id: string; attempt: number; maxAttempts: number },
) => Promise<void>;
export type TaskHandlers = { [T in TaskName]: TaskHandler<T> };

export interface Schedule {
  task: TaskName;
  /** Cron pattern, in UTC (as graphile-worker reads it). */
  match: string;
  /** If workers were down when it was due, it still runs when they come back within this long. */
  backfillMs?: number;
}

export interface WorkerConfig {
  databaseUrl: string;
  queue: JobQueue;
  concurrency: number;
  heartbeatSeconds: number;
  /** How the pool's connections show in pg_stat_activity (default parth-jobs). */
  applicationName?: string;
}

export interface Workers {
  /** graphile-worker's pool id (the jobs' locked_by). */
  readonly id: string;
  stop(): Promise<void>;
}

/** A runner that stopped itself starts again after this, then twice as long each failed start, up to the max. */
const RESTART_FIRST_MS = 2000;
const RESTART_MAX_MS = 60_000;
const GRAPHILE_MIGRATION_EXIT = 57;

/** Why a job failed, as short as the Jobs page shows it (no stack, which may quote data). */
const failureText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** Each run of a task leaves a JobRun row: the queue forgets a job once it is done. */
function recorded<T extends TaskName>(db: Db, task: T, handler: TaskHandler<T>, poolId: () => string): Task {
  return async (payload, helpers) => {
    const startedAt = new Date();
    const job = { id: String(helpers.job.id), attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts };
    const run = { jobId: job.id, task, jobKey: helpers.job.key ?? null, attempt: job.attempt, workerId: poolId(), startedAt };
    try {
      await handler(payload as TaskPayloads[T], job);
    } catch (error) {
      await db.jobRun
        .create({ data: { ...run, outcome: 'FAILED', error: failureText(error), finishedAt: new Date() } })
        .catch(() => undefined);
      throw error;
    }
    await db.jobRun.create({ data: { ...run, outcome: 'SUCCEEDED', finishedAt: new Date() } });
  };
}

/** graphile-worker's log lines through ours (its debug chatter stays out). */
function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger(() => (level, message) => {
    if (level === 'error') logger.error(`jobs: ${message}`);
    else if (level === 'warning') logger.warn(`jobs: ${message}`);
  });
}

/**
 * Jobs held by pools that stopped saying they are alive are unlocked for the living.
 * A pool that never wrote a JobWorker row (another deployment's, or one from before
 * this table) counts as silent once its lock is as old as the silence allowed.
 */
export async function unlockJobsOfSilentWorkers(db: Db, queue: JobQueue, silentForMs: number): Promise<string[]> {
  const silentSince = new Date(Date.now() - silentForMs);
  const rows = await db.$queryRawUnsafe<{ lockedBy: string }[]>(
    `SELECT DISTINCT j.locked_by AS "lockedBy"
       FROM "${queue.schema}"._private_jobs j
      WHERE j.locked_by IS NOT NULL AND j.locked_at < $1
        AND NOT EXISTS (SELECT 1 FROM "JobWorker" w WHERE w.id = j.locked_by AND w."stoppedAt" IS NULL AND w."lastSeenAt" >= $1)`,
    silentSince,
  );
  const silent = rows.map((r) => r.lockedBy);
  if (silent.length > 0) await (await queue.utils()).forceUnlockWorkers(silent);
  return silent;
}

export async function startWorkers(
  db: Db,
  logger: Logger,
  config: WorkerConfig,
  handlers: TaskHandlers,
  schedule: readonly Schedule[],
): Promise<Workers> {
  const events: WorkerEvents = new EventEmitter();
  let poolId = '';
  const sayAlive = (id: string) => {
    const now = new Date();
    return db.jobWorker.upsert({
      where: { id },
      create: { id, host: hostname().slice(0, 100), pid: process.pid, startedAt: now, lastSeenAt: now },
      update: { lastSeenAt: now },
    });
  };
  events.on('pool:create', ({ workerPool }) => {
    // A runner started again is a new pool: the one it replaces is stopped, not silent,
    // and the new one is on record before the jobs it runs name it.
    if (poolId) void db.jobWorker.updateMany({ where: { id: poolId }, data: { stoppedAt: new Date() } }).catch(() => undefined);
    poolId = workerPool.id;
    void sayAlive(poolId).catch(() => undefined);
  });
  events.on('job:failed', ({ job, error }) =>
    logger.warn('job failed', { task: job.task_identifier, jobId: job.id, attempt: job.attempts, error: failureText(error) }),
  );
  const taskList: Record<string, Task> = {};
  for (const task of Object.keys(handlers) as TaskName[]) {
    taskList[task] = recorded(db, task, handlers[task] as TaskHandler<typeof task>, () => poolId);
  }
  // Every scheduled time runs once, whichever and however many workers are up (graphile-worker's known_crontabs).
  const parsedCronItems = parseCronItems(
    schedule.map((item) => ({
      task: item.task,
      match: item.match,
      identifier: item.task,
      options: { backfillPeriod: item.backfillMs ?? 0 },
    })),
  );
  await (await config.queue.utils()).migrate();
  // Our own pool: a connection PostgreSQL drops (a restart, a stopping embedded server) must not
  // end the process as an unhandled 'error' would, and we decide when the pool ends.
  const pgPool = surviveDroppedConnections(
    new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.concurrency + 2,
      connectionTimeoutMillis: 5000,
      application_name: config.applicationName ?? 'parth-jobs',
    }),
  );
  const startRunner = () =>
    run({
      pgPool,
      schema: config.queue.schema,
      concurrency: config.concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList,
      parsedCronItems,
      events,
      logger: queueLogger(logger),
    });
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let runner: Runner | undefined = await startRunner();
  let restartTimer: NodeJS.Timeout | undefined;
  // graphile-worker's runner stops itself when its pool or its cron loop fails (the database went
  // away for longer than a query's retry), and when any process migrates a job schema on this
  // database in a breaking way (its NOTIFY worker:migrate is not per schema: a new deployment's or
  // a test's fresh schema stops every runner). A worker that stayed stopped would leave every job
  // waiting: start a new runner, which migrates first and so refuses a schema newer than it knows.
  const startAgainLater = (delayMs: number) => {
    runner = undefined;
    restartTimer = setTimeout(() => {
      if (stopping) return;
      startRunner().then(
        (next) => {
          if (stopping) return void next.stop().catch(() => undefined);
          runner = next;
          logger.info('job runner started again');
          superviseRunner(next);
        },
        (error: unknown) => {
          logger.warn('job runner could not start again', { error: failureText(error) });
          startAgainLater(Math.min(delayMs * 2, RESTART_MAX_MS));
        },
      );
    }, delayMs);
    // Not unref'd: in a worker process this wait may be the only thing keeping it alive.
  };
  const superviseRunner = (current: Runner) => {
    const ended = (why: string) => {
      if (stopping || runner !== current) return;
      // graphile-worker marks the process to exit 57 after that migration notice; this one carries on.
      if (process.exitCode === GRAPHILE_MIGRATION_EXIT) process.exitCode = undefined;
      logger.warn(`job runner ${why}: starting again in ${RESTART_FIRST_MS / 1000} s`);
      startAgainLater(RESTART_FIRST_MS);
    };
    current.promise.then(
      () => ended('stopped'),
      (error: unknown) => ended(`stopped on an error (${failureText(error)})`),
    );
  };
  superviseRunner(runner);
  if (!poolId) throw new Error('graphile-worker started without naming its pool');

  const beatMs = config.heartbeatSeconds * 1000;
  const beat = async () => {
    await sayAlive(poolId);
    const revived = await unlockJobsOfSilentWorkers(db, config.queue, beatMs * 4);
    if (revived.length > 0) logger.warn(`jobs of ${revived.length} silent worker(s) unlocked to run again`, { workers: revived });
  };
  // A database restart skips a beat or two; the pool itself reconnects.
  const safeBeat = () => beat().catch((error: unknown) => logger.warn('worker heartbeat failed', { error: failureText(error) }));
  await safeBeat();
  const timer = setInterval(() => void safeBeat(), beatMs);
  timer.unref();

  return {
    get id() {
      return poolId;
    },
    stop() {
      // Once, however many callers ask; each waits for the same end.
      stopped ??= (async () => {
        stopping = true;
        clearInterval(timer);
        clearTimeout(restartTimer);
        // Running jobs finish (or, past graphile-worker's grace period, are released to run again elsewhere).
        // A runner that had already stopped itself (its database gone) has nothing left to finish.
        await runner?.stop().catch((error: unknown) => logger.debug(`job runner: ${failureText(error)}`));
        await db.jobWorker.update({ where: { id: poolId }, data: { stoppedAt: new Date() } }).catch(() => undefined);
        await pgPool.end().catch(() => undefined);
      })();
      return stopped;
    },
  };
}
