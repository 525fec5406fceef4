/**
 * Rate limits of the patient API: counted in Redis when REDIS_URL is set (so
 * every app instance shares them), in memory otherwise. Sign-in, sign-up and
 * password reset are limited per client address; payment creation per patient.
 *
 * Two ways of sharing a count. The small limits that guard secrets (sign-in,
 * codes, resets, payments) ask Redis on every request, so no instance can let
 * one more attempt through. The overall flood guard on every request
 * (`everything`, hundreds a minute) is counted here first and sent to Redis in
 * one pipeline per instance every FLUSH_MS: a Redis round trip per request was
 * the largest cost of the whole API (bench:api 0.70× bare pg with it, 0.98×
 * counting in memory). With one instance it is exact; with several, an address
 * may get at most what the other instances admitted in their last FLUSH_MS
 * beyond its limit before all of them refuse it.
 */
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../../config/redis.js';
import { DomainError } from '../../errors.js';

export class TooManyRequests extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_REQUESTS', `Too many attempts: try again in ${Math.max(1, retryAfterSeconds)} seconds`);
  }
}

export interface RateLimit {
  /** Counted per client address (checked before the bearer token) or per signed-in patient. */
  by: LimitRule['by'];
  consume(req: Request, patientId: number): Promise<void>;
  /** Counts against another key (a phone number): for limits a service applies itself. */
  consumeFor(key: string, req: Request): Promise<void>;
}

export interface LimitRule {
  points: number;
  seconds: number;
  by: 'ip' | 'patient';
  /** 'batched': counted locally and shared in batches (flood guards); default: Redis on every request. */
  shared?: 'exact' | 'batched';
}

/** Defaults; tests and operators may pass their own. */
export const DEFAULT_API_LIMITS = {
  everything: { points: 600, seconds: 60, by: 'ip', shared: 'batched' },
  signIn: { points: 10, seconds: 15 * 60, by: 'ip' },
  signUp: { points: 5, seconds: 60 * 60, by: 'ip' },
  passwordReset: { points: 5, seconds: 60 * 60, by: 'ip' },
  payment: { points: 10, seconds: 10 * 60, by: 'patient' },
  /** Checkout callbacks relayed by the frontend, per address (they carry no bearer token). */
  paymentCallback: { points: 20, seconds: 10 * 60, by: 'ip' },
  /** One-time codes sent to one phone number, and codes tried from one address. */
  codeSent: { points: 3, seconds: 15 * 60, by: 'ip' },
  codeTried: { points: 20, seconds: 15 * 60, by: 'ip' },
  /** Bookings, moves and cancellations by one patient. */
  booking: { points: 20, seconds: 60 * 60, by: 'patient' },
} satisfies Record<string, LimitRule>;

export type ApiLimits = Record<keyof typeof DEFAULT_API_LIMITS, LimitRule>;

/** `namespace` separates the counters of apps that share one Redis (test runs, staging). */
export function rateLimit(name: string, rule: LimitRule, redis: RedisClient | undefined, namespace = 'api-limit'): RateLimit {
  if (rule.shared === 'batched') return batchedRateLimit(`${namespace}:${name}:batched`, rule, redis);
  const options = { keyPrefix: `${namespace}:${name}`, points: rule.points, duration: rule.seconds };
  // If Redis stops answering, this instance counts on its own in memory rather than failing every
  // request; while Redis is not connected the memory limiter answers at once (no wait for a reconnect).
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        ...options,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      })
    : new RateLimiterMemory(options);
  const consumeFor = async (key: string, req: Request) => {
    try {
      await limiter.consume(key);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) refuse(req, outcome.msBeforeNext);
      throw outcome;
    }
  };
  return limitOf(rule, consumeFor);
}

function refuse(req: Request, msBeforeNext: number): never {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  req.res?.setHeader('Retry-After', String(seconds));
  throw new TooManyRequests(seconds);
}

function limitOf(rule: LimitRule, consumeFor: RateLimit['consumeFor']): RateLimit {
  return {
    by: rule.by,
    consume: (req, patientId) => consumeFor(rule.by === 'patient' ? `patient:${patientId}` : `ip:${req.ip ?? 'unknown'}`, req),
    consumeFor,
  };
}

export interface BatchedRateLimit extends RateLimit {
  /** Sends what this instance counted to Redis now (and learns the total); the timer does so every FLUSH_MS. */
  flush(): Promise<void>;
}

/** How often an instance sends its batched counts to Redis. */
export const FLUSH_MS = 100;

/** One key's fixed window as this instance knows it. */
interface Window {
  /** The shared total Redis last answered (every instance's counts). */
  shared: number;
  /** Counted here since, not yet in Redis; `sending`: in the pipeline now on its way. */
  pending: number;
  sending: number;
  /** When the window ends (Redis's TTL once known; our own guess before). */
  endsAt: number;
}

/**
 * A fixed-window limit counted in this process and added to Redis in batches
 * (see the top of this file). Redis away: the instance keeps counting on its
 * own and sends what it counted when Redis is back.
 */
export function batchedRateLimit(
  prefix: string,
  rule: LimitRule,
  redis: RedisClient | undefined,
  clock: () => number = Date.now,
): BatchedRateLimit {
  const windows = new Map<string, Window>();
  const windowMs = rule.seconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const send = async () => {
    const now = clock();
    const due: Array<[string, Window]> = [];
    for (const [key, w] of windows) {
      if (w.pending > 0) due.push([key, w]);
      else if (now >= w.endsAt && w.sending === 0) windows.delete(key);
    }
    if (windows.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
    if (!redis || due.length === 0 || redis.status !== 'ready') return;
    const pipeline = redis.pipeline();
    for (const [key, w] of due) {
      w.sending = w.pending;
      w.pending = 0;
      const redisKey = `${prefix}:${key}`;
      pipeline.incrby(redisKey, w.sending).pexpire(redisKey, windowMs, 'NX').pttl(redisKey);
    }
    try {
      const replies = (await pipeline.exec()) ?? [];
      due.forEach(([, w], i) => {
        const [totalError, total] = replies[i * 3] ?? [];
        const [, ttl] = replies[i * 3 + 2] ?? [];
        if (totalError || typeof total !== 'number') w.pending += w.sending;
        else {
          w.shared = total;
          if (typeof ttl === 'number' && ttl > 0) w.endsAt = clock() + ttl;
        }
        w.sending = 0;
      });
    } catch {
      // Redis failed mid-way: the counts go again with the next batch.
      for (const [, w] of due) {
        w.pending += w.sending;
        w.sending = 0;
      }
    }
  };
  // One batch on its way at a time; a flush asked meanwhile sends after it.
  const flush = async (): Promise<void> => {
    while (flushing) await flushing;
    flushing = send().finally(() => (flushing = undefined));
    await flushing;
  };

  const consumeFor = async (key: string, req: Request) => {
    const now = clock();
    let w = windows.get(key);
    if (w && now >= w.endsAt && w.sending === 0) w = undefined; // its window is over
    if (!w) {
      w = { shared: 0, pending: 0, sending: 0, endsAt: now + windowMs };
      windows.set(key, w);
    }
    if (w.shared + w.sending + w.pending >= rule.points) refuse(req, w.endsAt - now);
    w.pending += 1;
    if (!timer) {
      timer = setInterval(() => void (flushing ?? flush()), FLUSH_MS);
      timer.unref();
    }
  };
  return { ...limitOf(rule, consumeFor), flush };
}
