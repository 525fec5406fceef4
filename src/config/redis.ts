/**
 * Redis (ioredis) for sessions and rate-limit counters when REDIS_URL is set.
 * One client library for everything that talks to Redis.
 */
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type RedisClient = Redis;

export function createRedis(url: string, logger: Logger): RedisClient {
  const redis = new Redis(url, {
    // Fail a command quickly instead of queueing it forever while Redis is down;
    // /ready then reports Redis as unreachable.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    enableOfflineQueue: true,
    lazyConnect: false,
    // Commands issued in the same tick (many requests' rate-limit counts) go out in one write.
    enableAutoPipelining: true,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis retries on its own; log each distinct failure once, not every retry.
    if (error.message !== lastError) logger.warn('redis connection problem', { error: error.message });
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

export async function isRedisReachable(redis: RedisClient, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([redis.ping().then((reply) => reply === 'PONG'), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits (at most `timeoutMs`) for the first connection, so the first requests
 * after start-up find Redis ready. Resolves either way: a Redis that is down
 * means 503s for the back-office until it answers, not a failed start.
 */
export async function redisReady(redis: RedisClient, timeoutMs = 5000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}
