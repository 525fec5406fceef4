/**
 * Faults, made by the test itself: PostgreSQL dropping the app's connections in
 * the middle of traffic (pg_terminate_backend) while the real server runs in its
 * own process; PostgreSQL unreachable behind a proxy the test cuts and restores;
 * a Redis of the test's own, killed and restarted. Each time: clean 503s with
 * Retry-After and a JSON body while it lasts, never a 500, never a dead
 * process, and service again when the part comes back — without a restart.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { createRedis, type RedisClient } from '../../src/config/redis.js';
import { projectRoot } from '../../src/config/paths.js';
import { createStaff, randomIp, signIn, startBackOffice, STAFF_PASSWORD } from '../support/backOffice.js';
import { silentLogger, testDatabaseUrl, testDb, testEnv } from '../support/env.js';
import { eventually, freePort, hasRedisServer, OwnRedis, TcpProxy } from '../support/faults.js';
import { useDatabase } from '../support/lifecycle.js';

const db = useDatabase();

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
  what: string;
}

/** Everything a fault may answer: success, or a clean 503 that says when to come back. */
function expectCleanAnswers(answers: Answer[]) {
  const unclean = answers.filter(
    (a) =>
      a.status >= 500 && !(a.status === 503 && a.retryAfter !== undefined && typeof (a.body as { error?: unknown })?.error === 'object'),
  );
  expect(unclean.map((a) => `${a.what} → ${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
}

function answerOf(what: string, res: request.Response): Answer {
  return { what, status: res.status, body: res.body, retryAfter: res.headers['retry-after'] as string | undefined };
}

/** A URL whose connections PostgreSQL can tell apart from every other test's. */
function taggedUrl(url: string, tag: string): string {
  const tagged = new URL(url);
  tagged.searchParams.set('application_name', tag);
  return tagged.toString();
}

describe('PostgreSQL drops the app’s connections in the middle of traffic', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('answers 200 or a clean 503 throughout, stays up, and serves again without a restart', async () => {
    const tag = `fault-terminate-${process.pid}`;
    const port = await freePort();
    const staff = await createStaff(db, 'ADMIN');
    // The real entry point in its own process: an unhandled pool 'error' would end it.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: taggedUrl(testDatabaseUrl(), tag),
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'error',
        BCRYPT_COST: '4',
        SECRETS_DIR: mkdtempSync(path.join(os.tmpdir(), 'parth-fault-secrets-')),
        ADMIN_JS_TMP_DIR: mkdtempSync(path.join(os.tmpdir(), 'parth-fault-adminjs-')),
      },
    });
    let exitCode: number | null | undefined;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => (exitCode = code));
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => ((await request(url).get('/ready')).status === 200 ? true : undefined), 'the server to be ready', 120_000);

    const agent = request.agent(url).set('Sec-Fetch-Site', 'same-origin');
    await agent.post('/admin/login').type('form').send({ email: staff.email, password: STAFF_PASSWORD }).expect(302);
    await agent.get('/admin/api/dashboard').expect(200);

    const killer = new pg.Client({ connectionString: testDatabaseUrl() });
    await killer.connect();
    const terminate = async () =>
      (
        await killer.query<{ pid: number }>(
          'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
          [tag],
        )
      ).rowCount ?? 0;

    const answers: Answer[] = [];
    let terminated = 0;
    try {
      // Traffic on every kind of connection the app holds: Prisma's pool, the reports
      // pool (the dashboard), the session store, the patient API.
      const traffic = async (rounds: number) => {
        for (let i = 0; i < rounds; i += 1) {
          const [dashboard, patients, doctors] = await Promise.all([
            agent.get('/admin/api/dashboard'),
            agent.get('/admin/api/resources/Patient/actions/list'),
            request(url).get('/api/v1/doctors'),
          ]);
          answers.push(answerOf('dashboard', dashboard), answerOf('patient list', patients), answerOf('doctors', doctors));
        }
      };
      for (let round = 0; round < 5; round += 1) {
        const running = traffic(4);
        terminated += await terminate();
        await running;
      }
    } finally {
      await killer.end();
    }
    expect(terminated).toBeGreaterThan(0);
    expectCleanAnswers(answers);
    expect(exitCode).toBeUndefined();

    // Idle connections dropped too: the next requests open fresh ones.
    await eventually(async () => ((await agent.get('/admin/api/dashboard')).status === 200 ? true : undefined), 'the dashboard again');
    await agent.get('/admin/api/resources/Patient/actions/list').expect(200);
    await request(url).get('/api/v1/doctors').expect(200);
    expect(exitCode).toBeUndefined();
    expect(stderr).not.toMatch(/Unhandled|uncaught/i);
  }, 240_000);
});

describe('PostgreSQL unreachable (a proxy the test cuts) and back', () => {
  it('answers 503 with Retry-After on both doors while it is away, and serves again when it returns', async () => {
    const target = new URL(testDatabaseUrl());
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(testDatabaseUrl());
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const proxiedDb = testDb(viaProxy.toString(), 4);
    const env = testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30' });
    const { app, backOffice } = await startBackOffice(proxiedDb, { databaseUrl: viaProxy.toString(), env });
    try {
      const staff = await createStaff(db, 'ADMIN');
      const { agent } = await signIn(app, staff.email);
      await agent.get('/admin/api/dashboard').expect(200);
      await request(app).get('/api/v1/doctors').expect(200);

      await proxy.cut();
      const away = [
        answerOf('dashboard', await agent.get('/admin/api/dashboard')),
        answerOf('patient list', await agent.get('/admin/api/resources/Patient/actions/list')),
        answerOf('doctors', await request(app).get('/api/v1/doctors')),
        answerOf(
          'sign-in',
          await request(app)
            .post('/api/v1/auth/login')
            .set('X-Forwarded-For', randomIp())
            .send({ email: 'a@b.in', password: 'x'.repeat(10) }),
        ),
        answerOf('ready', await request(app).get('/ready')),
      ];
      for (const answer of away) expect({ what: answer.what, status: answer.status }).toEqual({ what: answer.what, status: 503 });
      expectCleanAnswers(away.filter((a) => a.what !== 'ready'));

      await proxy.restore();
      await eventually(
        async () => ((await request(app).get('/api/v1/doctors')).status === 200 ? true : undefined),
        'the patient API again',
      );
      await agent.get('/admin/api/dashboard').expect(200);
      await agent.get('/admin/api/resources/Patient/actions/list').expect(200);
    } finally {
      await backOffice.close();
      await proxiedDb.$disconnect();
      await proxy.close();
    }
  });
});

(hasRedisServer() ? describe : describe.skip)('Redis killed and restarted (a server of the test’s own)', () => {
  let ownRedis: OwnRedis;
  let redis: RedisClient;
  beforeAll(async () => {
    ownRedis = await OwnRedis.start();
    redis = createRedis(ownRedis.url, silentLogger);
  });
  afterAll(async () => {
    redis.disconnect();
    await ownRedis.kill();
  });

  it('gives the back-office 503 JSON while Redis is away, keeps the patient API serving, and both recover', async () => {
    const { app, backOffice } = await startBackOffice(db, { redis });
    try {
      expect(backOffice.sessionStoreKind).toBe('redis');
      const staff = await createStaff(db, 'ADMIN');
      const { agent, res } = await signIn(app, staff.email);
      expect(res.status).toBe(302);
      await agent.get('/admin/api/resources/Patient/actions/list').expect(200);

      await ownRedis.kill();
      const away = [
        answerOf('patient list', await agent.get('/admin/api/resources/Patient/actions/list')),
        answerOf('login page', await request(app).get('/admin/login').set('Accept', 'application/json')),
        answerOf('sign-in', await signIn(app, staff.email).then((s) => s.res)),
      ];
      for (const answer of away) expect({ what: answer.what, status: answer.status }).toEqual({ what: answer.what, status: 503 });
      expectCleanAnswers(away);
      // The patient API does not need Redis: its rate limits count in memory meanwhile.
      await request(app).get('/api/v1/doctors').expect(200);
      await request(app).get('/api/v1/departments').expect(200);

      await ownRedis.restart();
      // This Redis kept nothing: the old session is gone, a new sign-in works.
      const again = await eventually(async () => {
        const attempt = await signIn(app, staff.email);
        return attempt.res.status === 302 ? attempt.agent : undefined;
      }, 'a sign-in after Redis returned');
      await again.get('/admin/api/resources/Patient/actions/list').expect(200);
      await request(app).get('/api/v1/doctors').expect(200);
    } finally {
      await backOffice.close();
    }
  });
});
