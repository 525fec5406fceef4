/**
 * Rate limits of the patient API: counted in Redis when REDIS_URL is set (so
 * every app instance shares them), in memory otherwise. Sign-in, sign-up and
 * password reset are limited per client address; payment creation per patient.
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
}

/** Defaults; tests and operators may pass their own. */
export const DEFAULT_API_LIMITS = {
  everything: { points: 600, seconds: 60, by: 'ip' },
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
      if (outcome instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
        req.res?.setHeader('Retry-After', String(seconds));
        throw new TooManyRequests(seconds);
      }
      throw outcome;
    }
  };
  return {
    by: rule.by,
    consume: (req, patientId) => consumeFor(rule.by === 'patient' ? `patient:${patientId}` : `ip:${req.ip ?? 'unknown'}`, req),
    consumeFor,
  };
}
