/**
 * The HTTP shell every route lives in: health and readiness, request ids,
 * security headers, CORS, and JSON errors from any route.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import type { Db } from '../../src/config/db.js';
import { createPrismaClient } from '../../src/config/db.js';
import { createRedis } from '../../src/config/redis.js';
import { buildApp } from '../../src/http/app.js';
import { errorHandler } from '../../src/http/middleware/errors.js';
import { requestContext } from '../../src/http/middleware/requestContext.js';
import { createErrorReporter } from '../../src/config/errorReports.js';
import { DomainError } from '../../src/errors.js';
import { redisUrl, silentLogger, testDb, testEnv } from '../support/env.js';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(async () => {
  await db.$disconnect();
});

const app = (overrides: Record<string, string> = {}, deps: Partial<Parameters<typeof buildApp>[0]> = {}) =>
  buildApp({ env: testEnv(overrides), db, logger: silentLogger, ...deps });

/** A port nothing listens on: connections are refused at once. */
const CLOSED_PORT = 9;

describe('health and readiness', () => {
  it('answers /health while the process is up', async () => {
    const res = await request(app()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('is ready when the database answers', async () => {
    const res = await request(app()).get('/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('reports not ready with 503 when the database is down', async () => {
    const downDb = createPrismaClient(`postgresql://postgres@127.0.0.1:${CLOSED_PORT}/nowhere`, { connectTimeoutMs: 1000 });
    try {
      const res = await request(app({}, { db: downDb }))
        .get('/ready')
        .expect(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { database: 'down' } });
    } finally {
      await downDb.$disconnect();
    }
  });

  it('checks Redis too when it is configured, and reports it down when unreachable', async () => {
    const downRedis = createRedis(`redis://127.0.0.1:${CLOSED_PORT}`, silentLogger);
    try {
      const res = await request(app({}, { redis: downRedis }))
        .get('/ready')
        .expect(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
    } finally {
      downRedis.disconnect();
    }
  });

  const liveRedis = redisUrl();
  (liveRedis ? it : it.skip)('is ready with a live Redis (REDIS_URL)', async () => {
    const redis = createRedis(liveRedis as string, silentLogger);
    try {
      const res = await request(app({}, { redis })).get('/ready').expect(200);
      expect(res.body.checks).toEqual({ database: 'up', redis: 'up' });
    } finally {
      await redis.quit();
    }
  });
});

describe('every answer carries a request id', () => {
  it('makes one up and returns it', async () => {
    const res = await request(app()).get('/health');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed id from the load balancer and replaces a malformed one', async () => {
    const kept = await request(app()).get('/health').set('X-Request-Id', 'lb-req-12345678');
    expect(kept.headers['x-request-id']).toBe('lb-req-12345678');
    const replaced = await request(app()).get('/health').set('X-Request-Id', '<script>');
    expect(replaced.headers['x-request-id']).not.toBe('<script>');
  });
});

describe('errors are JSON, from any route', () => {
  it('answers an unknown route with a JSON 404', async () => {
    const res = await request(app()).get('/no/such/page').expect(404).expect('Content-Type', /json/);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /no/such/page' } });
  });

  it('answers a malformed JSON body with 400', async () => {
    const res = await request(app()).post('/anything').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body).toEqual({ error: { code: 'MALFORMED_BODY', message: 'The request body is not valid JSON' } });
  });

  it('answers a body over the configured limit with 413', async () => {
    const res = await request(app({ JSON_BODY_LIMIT: '1kb' }))
      .post('/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ notes: 'x'.repeat(4096) }))
      .expect(413);
    expect(res.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('turns a domain error into its status and an unexpected one into a generic 500 without internals', async () => {
    const routes = express()
      .get('/slot-taken', () => {
        throw new DomainError(409, 'SLOT_TAKEN', 'This slot has just been booked by someone else');
      })
      .get('/crash', () => {
        throw new Error('connection string postgresql://admin:secret@db leaked');
      })
      .use(errorHandler(silentLogger));
    const taken = await request(routes).get('/slot-taken').expect(409);
    expect(taken.body).toEqual({ error: { code: 'SLOT_TAKEN', message: 'This slot has just been booked by someone else' } });
    const crash = await request(routes).get('/crash').expect(500).expect('Content-Type', /json/);
    expect(crash.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Please try again.' } });
    expect(crash.text).not.toMatch(/secret|at .*\.ts/);
  });

  it('maps database uniqueness and missing-record errors to 409 and 404', async () => {
    const routes = express()
      .get('/duplicate', async (_req, _res, next) => {
        const uhid = `DUP-${Date.now()}`;
        try {
          await db.patient.create({ data: { uhid, name: 'A', gender: 'MALE', phone: '+919800000001' } });
          await db.patient.create({ data: { uhid, name: 'B', gender: 'MALE', phone: '+919800000002' } });
        } catch (error) {
          next(error);
        }
      })
      .get('/missing', async (_req, _res, next) => {
        await db.patient.update({ where: { id: -1 }, data: { name: 'x' } }).catch(next);
      })
      .use(errorHandler(silentLogger));
    expect((await request(routes).get('/duplicate').expect(409)).body.error.code).toBe('ALREADY_EXISTS');
    expect((await request(routes).get('/missing').expect(404)).body.error.code).toBe('NOT_FOUND');
  });
});

describe('security headers and CORS', () => {
  it('sends helmet headers, and HSTS only in production', async () => {
    const dev = await request(app()).get('/health');
    expect(dev.headers['x-content-type-options']).toBe('nosniff');
    expect(dev.headers['strict-transport-security']).toBeUndefined();
    expect(dev.headers['x-powered-by']).toBeUndefined();
    const prod = await request(app({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), PATIENT_JWT_SECRET: 'y'.repeat(32) })).get(
      '/health',
    );
    expect(prod.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });

  it('allows configured origins only', async () => {
    const withCors = app({ CORS_ORIGINS: 'https://patients.parth.hospital' });
    const allowed = await request(withCors).get('/health').set('Origin', 'https://patients.parth.hospital');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://patients.parth.hospital');
    const refused = await request(withCors).get('/health').set('Origin', 'https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('applies the configured trust proxy setting, for running behind a TLS-terminating load balancer', () => {
    expect(app({ TRUST_PROXY: 'true' }).get('trust proxy')).toBe(true);
    expect(app({ TRUST_PROXY: '1' }).get('trust proxy')).toBe(1);
    expect(app().get('trust proxy')).toBe(false);
  });
});

describe('metrics', () => {
  const token = 'metrics-token-0123456789abcdef';

  it('serves Prometheus metrics to the scraper holding the token, and to nobody else', async () => {
    const served = app({ METRICS_TOKEN: token });
    await request(served).get('/api/v1/departments').expect(200);
    await request(served).get('/api/v1/me/profile').expect(401);
    await request(served).get('/metrics').expect(404);
    await request(served).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789abcdef').expect(404);
    const scraped = await request(served).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
    expect(scraped.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*method="GET",route="\/api\/v1\/departments",status="200"/);
    expect(scraped.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me\/profile",status="401"\} 1/);
    expect(scraped.text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(scraped.text).toMatch(/import_jobs|# HELP import_jobs/);
    expect(scraped.text).toContain('process_cpu_user_seconds_total');
  });

  it('has no /metrics at all without a token configured', async () => {
    await request(app()).get('/metrics').set('Authorization', `Bearer ${token}`).expect(404);
  });
});

describe('error reports to Sentry', () => {
  it('sends our 500s to the DSN without the request, the patient or a secret, tagged with the request id', async () => {
    const received: string[] = [];
    const sentry = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(`${req.url ?? ''}\n${Buffer.concat(chunks).toString('utf8')}`);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve));
    const port = (sentry.address() as AddressInfo).port;
    const reporter = await createErrorReporter({ SENTRY_DSN: `http://publickey@127.0.0.1:${port}/7`, NODE_ENV: 'test' });
    try {
      const routes = express()
        .use(requestContext(silentLogger))
        .get('/patients/:id/crash', () => {
          throw new Error('could not bill "Kavya Joshi" (+91 98765 43210, kavya@mail.example) via postgresql://admin:secret@db/parth');
        })
        .use(errorHandler(silentLogger, reporter));
      await request(routes)
        .get('/patients/42/crash?phone=9876543210')
        .set('Cookie', 'parth.sid=s%3Asecret-session')
        .set('X-Request-Id', 'req-0123456789')
        .expect(500);
      await reporter?.close();
    } finally {
      await new Promise((resolve) => sentry.close(resolve));
    }
    const envelope = received.find((body) => body.includes('"exception"'));
    expect(envelope).toBeDefined();
    expect(envelope).toMatch(/^\/api\/7\/envelope\//);
    expect(envelope).toContain('could not bill [value] ([number], [email]) via [url]');
    expect(envelope).toContain('"requestId":"req-0123456789"');
    for (const leak of ['Kavya', '98765', 'kavya@', 'secret', 'parth.sid', 'phone=', '/patients/42']) expect(envelope).not.toContain(leak);
  });
});
