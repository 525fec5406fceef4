/**
 * The Jobs page's doors (administrators only): the queue by state with
 * attempts and last error, the workers, the runs; a dead letter retried or
 * discarded, each audited; the queue's depth in /metrics. A queue of this
 * file's own, worked by workers this file starts.
 */
import request from 'supertest';
import type { Workers } from '../../../src/modules/jobs/worker.js';
import { unique } from '../../factories.js';
import { createStaff, sessionCookie, signIn, startBackOffice, type BackOfficeApp } from '../../support/backOffice.js';
import { testEnv } from '../../support/env.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const METRICS_TOKEN = 'metrics-token-for-the-jobs-test-0123';
let office: BackOfficeApp;
let workers: Workers;

beforeAll(async () => {
  office = await startBackOffice(db, {
    env: testEnv({ TRUST_PROXY: 'true', WORKERS: 'inline', JOBS_SCHEMA: `jobs_page_${process.pid}`, METRICS_TOKEN }),
  });
  workers = office.workers as Workers;
}, 60_000);

afterAll(async () => {
  await office?.backOffice.close();
});

const post = (path: string, cookie: string) => request(office.app).post(path).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin');

async function deadJobOf(cookie: string, key: string) {
  for (let i = 0; i < 1200; i += 1) {
    const res = await request(office.app).get('/admin/jobs?state=dead').set('Cookie', cookie).expect(200);
    const job = (res.body.jobs as Array<{ id: string; key: string | null }>).find((j) => j.key === key);
    if (job) return { job, body: res.body };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no dead job ${key} within two minutes`);
}

describe('the Jobs page', () => {
  it('shows a dead letter with its attempts and last error, retries it and discards it, audited', async () => {
    const admin = await createStaff(db, 'ADMIN');
    const cookie = sessionCookie((await signIn(office.app, admin.email)).res) as string;
    // An import whose file is gone fails every time it runs: one attempt, then it is dead.
    const lost = await db.importJob.create({ data: { type: 'PATIENTS', fileName: `${unique('lost')}.xlsx`, fileSize: 1, dryRun: true } });
    const key = `import:${lost.id}`;
    await office.backOffice.jobs.enqueue('imports.run', { importJobId: lost.id, actor: null }, { key, maxAttempts: 1 });

    const { job, body } = await deadJobOf(cookie, key);
    expect(job).toMatchObject({
      task: 'imports.run',
      state: 'dead',
      attempts: 1,
      maxAttempts: 1,
      lastError: expect.stringMatching(/no longer kept/),
    });
    expect(body.counts.dead).toBeGreaterThanOrEqual(1);
    expect(body.workers.map((w: { id: string }) => w.id)).toContain(workers.id);
    expect(body.runs).toEqual(expect.arrayContaining([expect.objectContaining({ jobKey: key, outcome: 'FAILED' })]));

    const scraped = await request(office.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(scraped.text).toMatch(/job_queue_jobs\{state="dead"\} [1-9]/);
    expect(scraped.text).toMatch(/job_runs_last_hour\{task="imports.run",outcome="FAILED"\} [1-9]/);

    // Retried: it runs again now (and, its file still gone, dies again after its one attempt).
    await post(`/admin/jobs/${job.id}/retry`, cookie).expect(200);
    for (let i = 0; i < 1200; i += 1) {
      if ((await db.jobRun.count({ where: { jobKey: key } })) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await db.jobRun.count({ where: { jobKey: key, outcome: 'FAILED' } })).toBe(2);
    const again = await deadJobOf(cookie, key);
    await post(`/admin/jobs/${again.job.id}/discard`, cookie).expect(200);
    const left = await request(office.app).get('/admin/jobs').set('Cookie', cookie).expect(200);
    expect((left.body.jobs as Array<{ key: string | null }>).some((j) => j.key === key)).toBe(false);
    const audited = await db.auditLog.findMany({ where: { model: 'Job', recordId: job.id }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => (a.after as { operation: string }).operation)).toEqual(['retry dead job', 'discard dead job']);
  }, 180_000);

  it('refuses other roles, unknown states and jobs, and jobs that are not dead', async () => {
    const admin = await createStaff(db, 'ADMIN');
    const cookie = sessionCookie((await signIn(office.app, admin.email)).res) as string;
    const clerk = await createStaff(db, 'BILLING');
    const clerkCookie = sessionCookie((await signIn(office.app, clerk.email)).res) as string;
    await request(office.app).get('/admin/jobs').set('Cookie', clerkCookie).expect(403);
    await post('/admin/jobs/1/retry', clerkCookie).expect(403);
    await request(office.app).get('/admin/jobs').expect(401);
    const badState = await request(office.app).get('/admin/jobs?state=finished').set('Cookie', cookie).expect(400);
    expect(badState.body.error.details).toEqual([expect.objectContaining({ path: 'state' })]);
    await request(office.app).get('/admin/jobs?colour=red').set('Cookie', cookie).expect(400);
    await post('/admin/jobs/999999999/retry', cookie).expect(404);
    await post('/admin/jobs/not-a-number/discard', cookie).expect(404);
    // A job with attempts left is the queue's, not the page's.
    const waiting = await office.backOffice.jobs.enqueue('imports.sweep', {}, { runAt: new Date(Date.now() + 3_600_000) });
    const refused = await post(`/admin/jobs/${waiting.jobId}/retry`, cookie).expect(409);
    expect(refused.body.error.code).toBe('JOB_NOT_DEAD');
  });
});
