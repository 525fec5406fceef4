/**
 * A job's runs (JobRun rows), once there are as many as expected: a run is
 * recorded after its task has returned — a moment after the task's own work
 * (an import's end, a message's status) is visible — so a test that saw the
 * work waits for the record too, rather than racing it.
 */
import type { JobRun } from '@prisma/client';
import type { Db } from '../../src/config/db.js';

export async function runsOfJob(db: Db, jobKey: string, atLeast = 1): Promise<JobRun[]> {
  const read = () => db.jobRun.findMany({ where: { jobKey }, orderBy: { id: 'asc' } });
  // Generous: a loaded machine may take its time; the rows come well before.
  for (let i = 0; i < 600; i += 1) {
    const runs = await read();
    if (runs.length >= atLeast) return runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

/** The pid of the worker process that recorded a run (a runner started again has a new pool id, not a new pid). */
export async function pidOfRun(db: Db, run: JobRun | undefined): Promise<number | undefined> {
  if (!run?.workerId) return undefined;
  return (await db.jobWorker.findUnique({ where: { id: run.workerId } }))?.pid;
}
