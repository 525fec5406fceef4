/**
 * Back-office sessions: in Redis (connect-redis + ioredis) when REDIS_URL is
 * set, else in PostgreSQL's `session` table — never in process memory, so
 * sessions survive restarts and work across app nodes.
 */
import connectPgSimple from 'connect-pg-simple';
import RedisStore from 'connect-redis';
import session, { type SessionOptions, type Store } from 'express-session';
import pg from 'pg';
import { surviveDroppedConnections } from '../src/config/db.js';
import type { Env } from '../src/config/env.js';
import type { Logger } from '../src/config/logger.js';
import type { RedisClient } from '../src/config/redis.js';

export const SESSION_COOKIE = 'parth.sid';
/** Where a session lives in Redis: under the deployment's key prefix (REDIS_KEY_PREFIX). */
export const redisSessionPrefix = (keyPrefix: string) => `${keyPrefix}sess:`;

export interface SessionStoreHandle {
  store: Store;
  kind: 'redis' | 'postgres';
  close(): Promise<void>;
}

export function createSessionStore(deps: {
  redis?: RedisClient | undefined;
  databaseUrl: string;
  logger: Logger;
  keyPrefix: string;
}): SessionStoreHandle {
  if (deps.redis) {
    return {
      store: new RedisStore({ client: deps.redis, prefix: redisSessionPrefix(deps.keyPrefix) }),
      kind: 'redis',
      close: async () => undefined,
    };
  }
  const PgStore = connectPgSimple(session);
  // Our own pool (one error listener for every pool we open), and one log line per
  // failure: connect-pg-simple's default prints the whole client object.
  const pool = surviveDroppedConnections(new pg.Pool({ connectionString: deps.databaseUrl, max: 5, connectionTimeoutMillis: 5000 }));
  const store = new PgStore({
    pool,
    errorLog: (message: string, error?: unknown) =>
      deps.logger.warn(`session store: ${message}`, { error: error instanceof Error ? error.message : String(error ?? '') }),
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  return {
    store,
    kind: 'postgres',
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

export function sessionOptions(env: Pick<Env, 'NODE_ENV' | 'SESSION_SECRET' | 'SESSION_IDLE_MINUTES'>, store: Store): SessionOptions {
  return {
    name: SESSION_COOKIE,
    secret: env.SESSION_SECRET,
    store,
    resave: false,
    saveUninitialized: false,
    // Each request pushes the expiry forward: the session ends after this much idleness.
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: env.NODE_ENV === 'production',
      maxAge: env.SESSION_IDLE_MINUTES * 60_000,
      path: '/admin',
    },
  };
}
