/**
 * Child process of bench/api.ts: serves, on two ports, (1) the real app
 * (buildApp: helmet, CORS, request ids, JWT, zod, rate limits, services) and
 * (2) the baseline — bare Express + pg running the same SQL for the same
 * answers, prepared once per connection as the app's are, with no checks at all. Prints { app, baseline } ports when ready.
 */
import express from 'express';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { createPrismaClient, preparedName } from '../src/config/db.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/config/logger.js';
import { createRedis } from '../src/config/redis.js';
import { buildApp } from '../src/http/app.js';
import { DEFAULT_API_LIMITS } from '../src/http/api/rateLimit.js';
import { freeSlotsSql } from '../src/modules/appointments/service.js';
import { myAppointmentsSql } from '../src/modules/portal/service.js';

const listen = (app: express.Express) =>
  new Promise<number>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

async function main(): Promise<void> {
  const env = loadEnv({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    SESSION_SECRET: 'b'.repeat(32),
    PATIENT_JWT_SECRET: process.env.PATIENT_JWT_SECRET ?? '',
  });
  const logger = createLogger(env);
  const db = createPrismaClient(env.DATABASE_URL ?? '', { maxConnections: 10 });
  const redis = env.REDIS_URL ? createRedis(env.REDIS_URL, logger) : undefined;
  const app = buildApp({
    env,
    db,
    logger,
    redis,
    // The overall limit stays on, counted as in production (its cost is part of the answer), but high enough for the load.
    apiLimits: { everything: { ...DEFAULT_API_LIMITS.everything, points: 10_000_000 } },
    apiLimitNamespace: `bench-${Date.now()}`,
  });

  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
  const baseline = express();
  baseline.get('/slots/:id', async (req, res) => {
    const date = String(req.query.date);
    const sql = freeSlotsSql(Number(req.params.id), date, new Date());
    const { rows } = await pool.query({ name: preparedName(sql.text), text: sql.text, values: sql.values });
    res.json({ date, slots: rows[0].slots });
  });
  baseline.get('/me/appointments', async (req, res) => {
    const sql = myAppointmentsSql(Number(req.query.patientId), 'upcoming', { page: 1, limit: 20 }, new Date());
    const { rows } = await pool.query({ name: preparedName(sql.text), text: sql.text, values: sql.values });
    res.json({ items: rows.slice(0, 20), page: 1, limit: 20, hasMore: rows.length > 20 });
  });

  process.once('SIGTERM', () => process.exit(0));
  console.log(JSON.stringify({ app: await listen(app), baseline: await listen(baseline) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
