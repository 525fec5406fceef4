/**
 * The back-office doors of the job queue (administrators only), read by the Jobs page:
 *   GET  /admin/jobs?state=dead          jobs (waiting, scheduled, running, retrying, dead), counts, workers, recent runs
 *   POST /admin/jobs/:id/retry           a dead letter runs again with fresh attempts (audited)
 *   POST /admin/jobs/:id/discard         a dead letter leaves the queue (audited)
 */
import { Router, type Request } from 'express';
import type { Db } from '../src/config/db.js';
import type { JobQueue } from '../src/modules/jobs/queue.js';
import { discardDeadJob, jobWorkers, listJobs, recentJobRuns, retryDeadJob } from '../src/modules/jobs/service.js';
import { staffRoute, type StaffHandler } from './staffRoute.js';

export function jobsRouter(db: Db, queue: JobQueue): Router {
  const router = Router({ caseSensitive: true });
  const door = (handler: StaffHandler) => staffRoute((role) => role === 'ADMIN', 'Only administrators may see the job queue', handler);
  const jobId = (req: Request) => String(req.params.id);

  router.get(
    '/jobs',
    door(async (req, res) => {
      const [queued, workers, runs] = await Promise.all([listJobs(db, queue, req.query), jobWorkers(db), recentJobRuns(db)]);
      res.json({ ...queued, workers, runs, now: new Date() });
    }),
  );
  router.post(
    '/jobs/:id/retry',
    door(async (req, res, staff) => {
      await retryDeadJob(db, queue, staff, jobId(req));
      res.json({ message: 'The job will run again now' });
    }),
  );
  router.post(
    '/jobs/:id/discard',
    door(async (req, res, staff) => {
      await discardDeadJob(db, queue, staff, jobId(req));
      res.json({ message: 'The job was discarded' });
    }),
  );
  return router;
}
