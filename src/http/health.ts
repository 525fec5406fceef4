/**
 * Liveness and readiness for the load balancer and the orchestrator.
 * `/health`: the process answers. `/ready`: it can also reach PostgreSQL (and
 * Redis when configured), so traffic should be sent to it.
 */
import { Router } from 'express';
import { isDatabaseReachable, type Db } from '../config/db.js';
import { isRedisReachable, type RedisClient } from '../config/redis.js';

type CheckResult = 'up' | 'down';

export function healthRouter(deps: { db: Db; redis?: RedisClient | undefined }): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/ready', async (_req, res) => {
    const [database, redis] = await Promise.all([
      isDatabaseReachable(deps.db),
      deps.redis ? isRedisReachable(deps.redis) : Promise.resolve(undefined),
    ]);
    const checks: Record<string, CheckResult> = { database: database ? 'up' : 'down' };
    if (redis !== undefined) checks.redis = redis ? 'up' : 'down';
    const ready = Object.values(checks).every((state) => state === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });

  return router;
}
