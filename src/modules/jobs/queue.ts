/**
 * The job queue: graphile-worker's tables in our own PostgreSQL (schema
 * JOBS_SCHEMA), no other server. Chosen over pg-boss by measuring both here
 * (bench/jobs.ts, README "Background jobs"): graphile-worker is woken by
 * LISTEN/NOTIFY and completes jobs as fast as they are enqueued, pg-boss polls.
 *
 * Every task the hospital runs is named in TaskPayloads, so a job is enqueued
 * with the payload its task expects. Payloads carry ids, never patient data or
 * secrets: the task reads the rows it works on.
 */
import { Logger, makeWorkerUtils, type Job, type TaskSpec, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { surviveDroppedConnections } from '../../config/db.js';
import type { AuditActor } from '../audit/service.js';

/** What each task is given. */
export interface TaskPayloads {
  /** Runs an import job (preview or commit) to its end. */
  'imports.run': { importJobId: number; actor: AuditActor | null };
  /** Sends one message of the delivery log. */
  'notifications.send': { notificationId: number };
  /** Makes one background report export. */
  'reports.export': { exportId: number };
  /** Scheduled: imports whose process died without a job left to finish them are shown failed. */
  'imports.sweep': Record<string, never>;
  /** Scheduled: kept files past their time (import uploads and reports, old exports) are deleted. */
  'files.cleanUp': Record<string, never>;
  /** Scheduled: the evening before, a reminder to each patient with an appointment tomorrow. */
  'appointments.remind': Record<string, never>;
  /** Scheduled: the ward's nurses told of doses overdue. */
  'doses.alertOverdue': Record<string, never>;
}
export type TaskName = keyof TaskPayloads;

export interface EnqueueOptions {
  /** At most one waiting job per key: enqueueing the same key again replaces the waiting one. */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

const QUIET = new Logger(() => () => undefined);

export interface JobQueue {
  readonly schema: string;
  enqueue<T extends TaskName>(task: T, payload: TaskPayloads[T], options?: EnqueueOptions): Promise<{ jobId: string }>;
  /** graphile-worker's own utilities (reschedule, unlock), on the migrated schema. */
  utils(): Promise<WorkerUtils>;
  close(): Promise<void>;
}

export interface QueueConfig {
  databaseUrl: string;
  schema: string;
}

/**
 * graphile-worker migrates its schema itself, but two processes starting at once on a
 * fresh schema would both try: an advisory lock lets one do it and the other wait.
 */
export async function migrateJobQueue(config: QueueConfig, utils: WorkerUtils): Promise<void> {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`parth-jobs-migrate:${config.schema}`]);
    await utils.migrate();
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function createJobQueue(config: QueueConfig): JobQueue {
  let ready: Promise<WorkerUtils> | undefined;
  let pool: pg.Pool | undefined;
  const utils = () => {
    ready ??= (async () => {
      // Our own pool, surviving connections PostgreSQL drops; a failed enqueue reaches its caller as
      // a rejected promise (a 503 at the door), so graphile-worker's own console lines are left out.
      pool ??= surviveDroppedConnections(
        new pg.Pool({ connectionString: config.databaseUrl, max: 4, application_name: 'parth-jobs-queue' }),
      );
      let made: WorkerUtils | undefined;
      try {
        made = await makeWorkerUtils({ pgPool: pool, schema: config.schema, logger: QUIET });
        await migrateJobQueue(config, made);
        return made;
      } catch (error) {
        // The database was away: the next caller tries again.
        ready = undefined;
        await made?.release();
        throw error;
      }
    })();
    return ready;
  };
  return {
    schema: config.schema,
    utils,
    async enqueue(task, payload, options = {}) {
      // graphile-worker types payloads by its own task registry; ours is TaskPayloads.
      const addJob = (await utils()).addJob as (task: string, payload: unknown, spec: TaskSpec) => Promise<Job>;
      const job = await addJob(task, payload, {
        ...(options.key ? { jobKey: options.key } : {}),
        ...(options.runAt ? { runAt: options.runAt } : {}),
        maxAttempts: options.maxAttempts ?? DEFAULT_ATTEMPTS[task],
      });
      return { jobId: String(job.id) };
    },
    async close() {
      const made = await ready?.catch(() => undefined);
      ready = undefined;
      await made?.release();
      await pool?.end().catch(() => undefined);
      pool = undefined;
    },
  };
}

/**
 * How often a task is tried before it is a dead letter (the Jobs page retries those).
 * graphile-worker waits exp(attempt) seconds between tries: 3 s, 7 s, 20 s, 55 s, 2.5 min…
 */
const DEFAULT_ATTEMPTS: Record<TaskName, number> = {
  // An import that ran to an end (even a refused file) is done; a retry is for a crash in between.
  'imports.run': 3,
  // Eight tries span about 50 minutes: a provider's outage of that long is a failed message.
  'notifications.send': 8,
  'reports.export': 3,
  'imports.sweep': 1,
  'files.cleanUp': 1,
  'appointments.remind': 3,
  'doses.alertOverdue': 1,
};

/** The queue the configuration names, one per process and schema. */
const queues = new Map<string, JobQueue>();
export function jobQueueFor(databaseUrl: string, schema: string): JobQueue {
  const key = `${databaseUrl}#${schema}`;
  let queue = queues.get(key);
  if (!queue) queues.set(key, (queue = createJobQueue({ databaseUrl, schema })));
  return queue;
}

/** Closes every queue this process opened (end of a test file, end of a script). */
export async function closeJobQueues(): Promise<void> {
  const open = [...queues.values()];
  queues.clear();
  await Promise.all(open.map((queue) => queue.close()));
}
