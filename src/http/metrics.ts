/**
 * Prometheus metrics (prom-client) at GET /metrics, behind a bearer token
 * (METRICS_TOKEN; without one the route does not exist): request durations by
 * method, route pattern and status — the pattern (/api/v1/me/invoices/:id),
 * never the path, so no id or patient detail becomes a label — the database
 * pool's connections, import jobs by state, the job queue's depth by state and
 * the last hour's job runs and messages by outcome (read from the database, so
 * they count every worker process, not only this one), and Node's own metrics.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolOf, type Db } from '../config/db.js';
import type { JobQueue } from '../modules/jobs/queue.js';
import { countJobs } from '../modules/jobs/service.js';

export interface Metrics {
  registry: Registry;
  observe(req: Request, res: Response, seconds: number): void;
}

/** The route a request matched, as declared; requests no route took are grouped by their door. */
export function routePattern(req: Request, res: Response): string {
  // The patient API names its pattern as it starts (a refusal leaves the router before the answer).
  const declared = (res.locals as { routePattern?: unknown }).routePattern;
  if (typeof declared === 'string') return declared;
  const route = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  const path = req.originalUrl.split('?')[0] ?? '';
  for (const door of ['/admin', '/api/v1', '/api']) if (path === door || path.startsWith(`${door}/`)) return `${door}/*`;
  return 'unmatched';
}

export function createMetrics(db: Db, queue?: JobQueue): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = poolOf(db);
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool: total, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'import_jobs',
    help: 'Bulk import jobs by state',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.importJob.groupBy({ by: ['status'], _count: { _all: true } }).catch(() => []);
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });
  if (queue) {
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Jobs in the queue by state (waiting, scheduled, running, retrying, dead)',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const counts = await countJobs(db, queue).catch(() => undefined);
        for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
      },
    });
  }
  const hourAgo = () => new Date(Date.now() - 3_600_000);
  new Gauge({
    name: 'job_runs_last_hour',
    help: 'Job runs that ended in the last hour, by task and outcome (every worker process)',
    labelNames: ['task', 'outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.jobRun
        .groupBy({ by: ['task', 'outcome'], where: { finishedAt: { gte: hourAgo() } }, _count: { _all: true } })
        .catch(() => []);
      for (const row of rows) this.set({ task: row.task, outcome: row.outcome }, row._count._all);
    },
  });
  new Gauge({
    name: 'notifications_last_hour',
    help: 'Messages of the last hour by channel and status (QUEUED, SENT, FAILED, SKIPPED)',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.notification
        .groupBy({ by: ['channel', 'status'], where: { createdAt: { gte: hourAgo() } }, _count: { _all: true } })
        .catch(() => []);
      for (const row of rows) this.set({ channel: row.channel, status: row.status }, row._count._all);
    },
  });
  const errors = new Counter({
    name: 'http_server_errors_total',
    help: 'Answers with a 5xx status, by route pattern',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  return {
    registry,
    observe(req, res, seconds) {
      const route = routePattern(req, res);
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (res.statusCode >= 500) errors.inc({ route });
    },
  };
}

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** GET /metrics for a scraper holding the token; everyone else 404, as if there were none. */
export function metricsRoute(metrics: Metrics, token: string): RequestHandler {
  return (req, res, next) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) return next();
    metrics.registry
      .metrics()
      .then((text) => {
        res.setHeader('Content-Type', metrics.registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.send(text);
      })
      .catch(next);
  };
}
