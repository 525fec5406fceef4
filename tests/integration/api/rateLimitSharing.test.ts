/**
 * The patient API's flood guard counted in batches (src/http/api/rateLimit.ts):
 * exact within one instance, shared through a real Redis between instances
 * within one flush, and still enforced by each instance while Redis is down.
 */
import type { Request } from 'express';
import { createRedis, redisReady, type RedisClient } from '../../../src/config/redis.js';
import { batchedRateLimit, FLUSH_MS, TooManyRequests, type LimitRule } from '../../../src/http/api/rateLimit.js';
import { eventually, OwnRedis } from '../../support/faults.js';
import { silentLogger } from '../../support/env.js';

const rule: LimitRule = { points: 20, seconds: 60, by: 'ip', shared: 'batched' };

/** A request from one address; its Retry-After header is kept. */
function requestFrom(ip: string) {
  const headers: Record<string, string> = {};
  const req = { ip, res: { setHeader: (name: string, value: string) => (headers[name] = value) } } as unknown as Request;
  return { req, headers };
}

async function admitted(limit: ReturnType<typeof batchedRateLimit>, req: Request, tries: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < tries; i += 1) {
    try {
      await limit.consume(req, 0);
      count += 1;
    } catch (error) {
      if (!(error instanceof TooManyRequests)) throw error;
    }
  }
  return count;
}

let server: OwnRedis;
const clients: RedisClient[] = [];
const client = () => {
  const redis = createRedis(server.url, silentLogger);
  clients.push(redis);
  return redis;
};
let run = 0;
const prefix = () => `test-batched-${process.pid}-${(run += 1)}`;

beforeAll(async () => {
  server = await OwnRedis.start();
});

afterAll(async () => {
  for (const redis of clients) redis.disconnect();
  await server.kill();
});

describe('the flood guard counted in batches', () => {
  it('is exact within one instance, refusing the next request with Retry-After', async () => {
    const limit = batchedRateLimit(prefix(), rule, client());
    const { req, headers } = requestFrom('10.0.0.1');
    expect(await admitted(limit, req, 25)).toBe(20);
    await expect(limit.consume(req, 0)).rejects.toBeInstanceOf(TooManyRequests);
    expect(Number(headers['Retry-After'])).toBeGreaterThanOrEqual(59);
    expect(Number(headers['Retry-After'])).toBeLessThanOrEqual(60);
    // Another address has its own count.
    expect(await admitted(limit, requestFrom('10.0.0.2').req, 3)).toBe(3);
  });

  it('adds every instance’s counts in Redis, so an address refused by the total is refused by all', async () => {
    const shared = prefix();
    const [redis, other] = [client(), client()];
    // A batch goes only to a connected Redis (one reconnecting is skipped, its counts kept).
    expect(await redisReady(redis)).toBe(true);
    expect(await redisReady(other)).toBe(true);
    const [a, b] = [batchedRateLimit(shared, rule, redis), batchedRateLimit(shared, rule, other)];
    const { req } = requestFrom('10.0.0.3');
    const key = `${shared}:ip:10.0.0.3`;
    expect(await admitted(a, req, 15)).toBe(15);
    await a.flush();
    expect(Number(await redis.get(key))).toBe(15);
    expect(await admitted(b, req, 1)).toBe(1);
    await b.flush();
    expect(Number(await redis.get(key))).toBe(16);
    // B now knows the total: 4 more, not 19.
    expect(await admitted(b, req, 10)).toBe(4);
    // A learns the total (B's 4 sent first) with its next count: one more at most, then refused.
    expect(await admitted(a, req, 1)).toBe(1);
    await b.flush();
    await a.flush();
    expect(Number(await redis.get(key))).toBe(21);
    expect(await admitted(a, req, 5)).toBe(0);
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });

  it('sends its counts on its own, every FLUSH_MS', async () => {
    const redis = client();
    const name = prefix();
    const limit = batchedRateLimit(name, rule, redis);
    expect(await admitted(limit, requestFrom('10.0.0.5').req, 3)).toBe(3);
    const sent = await eventually(async () => (await redis.get(`${name}:ip:10.0.0.5`)) ?? undefined, 'the timer’s batch', 30_000);
    expect(Number(sent)).toBe(3);
    expect(FLUSH_MS).toBeLessThanOrEqual(1000);
  });

  it('keeps refusing while Redis is down, and sends what it counted when Redis is back', async () => {
    const redis = client();
    const limit = batchedRateLimit(prefix(), { ...rule, points: 5 }, redis);
    await server.kill();
    try {
      const { req } = requestFrom('10.0.0.4');
      expect(await admitted(limit, req, 8)).toBe(5);
    } finally {
      await server.restart();
    }
    const keys = await eventually(
      async () => {
        if (redis.status !== 'ready') return undefined;
        const found = await redis.keys(`test-batched-${process.pid}-*:ip:10.0.0.4`);
        return found.length > 0 ? found : undefined;
      },
      'the counts sent after the restart',
      30_000,
    );
    expect(Number(await redis.get(keys[0]!))).toBe(5);
  });
});
