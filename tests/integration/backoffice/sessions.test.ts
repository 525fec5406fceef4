/**
 * Back-office sessions live in a shared store — Redis when REDIS_URL is set,
 * PostgreSQL otherwise — so they survive a restart of the app and end at logout.
 * The same story runs against both stores.
 */
import request from 'supertest';
import type { Db } from '../../../src/config/db.js';
import { createRedis, type RedisClient } from '../../../src/config/redis.js';
import { redisSessionPrefix } from '../../../admin/session.js';
import { createStaff, sessionCookie, signIn, startBackOffice } from '../../support/backOffice.js';
import { redisUrl, silentLogger, testDb, testEnv } from '../../support/env.js';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(async () => {
  await db.$disconnect();
});

const sessionId = (cookie: string) =>
  decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '')
    .replace(/^s:/, '')
    .split('.')[0] ?? '';

interface StoreProbe {
  kind: 'redis' | 'postgres';
  redis?: RedisClient;
  has(sid: string): Promise<boolean>;
}

async function sessionStory(probe: StoreProbe) {
  const first = await startBackOffice(db, probe.redis ? { redis: probe.redis } : {});
  expect(first.backOffice.sessionStoreKind).toBe(probe.kind);
  const staff = await createStaff(db, 'RECEPTIONIST');
  const { res } = await signIn(first.app, staff.email);
  const cookie = sessionCookie(res) ?? '';
  const sid = sessionId(cookie);
  expect(await probe.has(sid)).toBe(true);
  await first.backOffice.close();

  // A new app instance (a restart, or another node) honours the same cookie.
  const second = await startBackOffice(db, probe.redis ? { redis: probe.redis } : {});
  const pair = cookie.split(';')[0] ?? '';
  await request(second.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', pair).expect(200);

  // Signing out is a POST from our own page (a GET only shows the sign-out form); it destroys the session.
  await request(second.app).get('/admin/logout').set('Cookie', pair).expect(200);
  expect(await probe.has(sid)).toBe(true);
  await request(second.app).post('/admin/logout').set('Cookie', pair).expect(403);
  expect(await probe.has(sid)).toBe(true);
  await request(second.app).post('/admin/logout').set('Cookie', pair).set('Sec-Fetch-Site', 'same-origin').expect(303);
  expect(await probe.has(sid)).toBe(false);
  const page = await request(second.app).get('/admin/resources/Patient').set('Cookie', pair);
  expect(page.status).toBe(302);
  expect(page.headers.location).toBe('/admin/login');
  const api = await request(second.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', pair);
  expect(api.status).toBe(401);
  await second.backOffice.close();
}

describe('sessions in PostgreSQL (no REDIS_URL)', () => {
  it('are stored in the session table, survive a restart and end at logout', async () => {
    await sessionStory({
      kind: 'postgres',
      has: async (sid) => (await db.session.count({ where: { sid } })) === 1,
    });
  });
});

const liveRedis = redisUrl();
(liveRedis ? describe : describe.skip)('sessions in Redis (REDIS_URL)', () => {
  let redis: RedisClient;
  beforeAll(() => {
    redis = createRedis(liveRedis as string, silentLogger);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('are stored under the configured prefix, survive a restart and end at logout', async () => {
    await sessionStory({
      kind: 'redis',
      redis,
      has: async (sid) => (await redis.exists(`${redisSessionPrefix('parth:')}${sid}`)) === 1,
    });
  });

  it('keeps two deployments that share one Redis apart by their key prefix', async () => {
    const deployment = (prefix: string) =>
      startBackOffice(db, { redis, env: testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30', REDIS_KEY_PREFIX: prefix }) });
    const [staging, live] = [await deployment(`staging-${process.pid}:`), await deployment(`live-${process.pid}:`)];
    try {
      const staff = await createStaff(db, 'ADMIN');
      const { res } = await signIn(staging.app, staff.email);
      const cookie = sessionCookie(res) as string;
      expect(await redis.exists(`staging-${process.pid}:sess:${sessionId(cookie)}`)).toBe(1);
      await request(staging.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', cookie).expect(200);
      // The same cookie (same secret) means nothing to the other deployment.
      await request(live.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', cookie).expect(401);
    } finally {
      await Promise.all([staging.backOffice.close(), live.backOffice.close()]);
    }
  });
});
