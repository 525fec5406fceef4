/**
 * The queue as an administrator sees it (the back-office "Jobs" page): jobs
 * waiting, running, retrying and dead, with attempts and last error; the
 * workers and when each was last heard from; the recent runs. A dead letter
 * (every attempt used) is retried from the page, or discarded; both audited.
 */
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { Conflict, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/service.js';
import type { JobQueue } from './queue.js';

export const JOB_STATES = ['waiting', 'scheduled', 'running', 'retrying', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobListQuery = z.strictObject({
  state: z.enum(JOB_STATES, { error: `Choose a state: ${JOB_STATES.join(', ')}` }).optional(),
});

export interface QueuedJob {
  id: string;
  task: string;
  key: string | null;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  lockedBy: string | null;
  createdAt: Date;
}

const STATE_SQL = `CASE
  WHEN j.locked_by IS NOT NULL THEN 'running'
  WHEN j.attempts >= j.max_attempts THEN 'dead'
  WHEN j.attempts > 0 THEN 'retrying'
  WHEN j.run_at > now() THEN 'scheduled'
  ELSE 'waiting' END`;

const SHOWN = 200;

export async function listJobs(db: Db, queue: JobQueue, query: unknown) {
  const { state } = jobListQuery.parse(query ?? {});
  await queue.utils();
  const jobs = await db.$queryRawUnsafe<QueuedJob[]>(
    `SELECT j.id::text AS id, t.identifier AS task, j.key, ${STATE_SQL} AS state, j.attempts::int AS attempts,
            j.max_attempts::int AS "maxAttempts", j.run_at AS "runAt", j.last_error AS "lastError",
            j.locked_by AS "lockedBy", j.created_at AS "createdAt"
       FROM "${queue.schema}"._private_jobs j JOIN "${queue.schema}"._private_tasks t ON t.id = j.task_id
      WHERE ($1::text IS NULL OR ${STATE_SQL} = $1)
      ORDER BY j.run_at DESC, j.id DESC LIMIT ${SHOWN}`,
    state ?? null,
  );
  return { jobs, counts: await countJobs(db, queue) };
}

/** Jobs by state: the page's tabs and the metrics' queue depth. */
export async function countJobs(db: Db, queue: JobQueue): Promise<Record<JobState, number>> {
  await queue.utils();
  const rows = await db.$queryRawUnsafe<{ state: JobState; count: number }[]>(
    `SELECT ${STATE_SQL} AS state, count(*)::int AS count FROM "${queue.schema}"._private_jobs j GROUP BY 1`,
  );
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}

export async function jobWorkers(db: Db) {
  return db.jobWorker.findMany({ where: { stoppedAt: null }, orderBy: { lastSeenAt: 'desc' }, take: 50 });
}

export async function recentJobRuns(db: Db) {
  return db.jobRun.findMany({ orderBy: { id: 'desc' }, take: 50 });
}

async function deadJob(db: Db, queue: JobQueue, jobId: string) {
  if (!/^\d{1,18}$/.test(jobId)) throw new NotFound('The job');
  const [job] = await db.$queryRawUnsafe<{ id: string; task: string; attempts: number; maxAttempts: number; locked: boolean }[]>(
    `SELECT j.id::text AS id, t.identifier AS task, j.attempts::int AS attempts, j.max_attempts::int AS "maxAttempts", j.locked_by IS NOT NULL AS locked
       FROM "${queue.schema}"._private_jobs j JOIN "${queue.schema}"._private_tasks t ON t.id = j.task_id WHERE j.id = $1::bigint`,
    jobId,
  );
  if (!job) throw new NotFound('The job');
  if (job.locked || job.attempts < job.maxAttempts)
    throw new Conflict('JOB_NOT_DEAD', 'Only a job that used all its attempts can be retried or discarded');
  return job;
}

/** A dead letter gets its attempts back and runs now. */
export async function retryDeadJob(db: Db, queue: JobQueue, actor: Actor, jobId: string): Promise<void> {
  const job = await deadJob(db, queue, jobId);
  // Not WorkerUtils.rescheduleJobs: it reads `attempts: 0` as "leave attempts as they are" (0 || null).
  await db.$executeRawUnsafe(
    `UPDATE "${queue.schema}"._private_jobs SET attempts = 0, run_at = now(), last_error = NULL, updated_at = now()
      WHERE id = $1::bigint AND locked_at IS NULL`,
    job.id,
  );
  await recordAudit(db, actor, {
    action: 'ACTION',
    model: 'Job',
    recordId: job.id,
    after: { operation: 'retry dead job', task: job.task, attempts: job.attempts },
  });
}

/** A dead letter nobody wants retried leaves the queue (the JobRun rows keep what happened). */
export async function discardDeadJob(db: Db, queue: JobQueue, actor: Actor, jobId: string): Promise<void> {
  const job = await deadJob(db, queue, jobId);
  await (await queue.utils()).completeJobs([job.id]);
  await recordAudit(db, actor, {
    action: 'ACTION',
    model: 'Job',
    recordId: job.id,
    after: { operation: 'discard dead job', task: job.task },
  });
}
