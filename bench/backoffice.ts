/**
 * `npm run bench:backoffice` — the back-office screens at a large hospital's
 * size (issue #15): 1,000,000 patients (200,000 with portal accounts),
 * 2,000,000 appointments, 300,000 invoices with 1,500,000 lines and 500,000
 * audit rows, seeded inside PostgreSQL (bench/reportsSeed.ts). The real app
 * (back-office router, patient API) listens on a free port in this process;
 * a staff member signs in over HTTP and each screen's API call is timed —
 * median and p95 of RUNS after a warm-up — against a hand-written keyset
 * query for the same page run straight through `pg` in the same process.
 *
 * Target: every screen p50 ≤ 50 ms, p95 ≤ 100 ms, within 5× of its query.
 * The last line is one JSON object:
 *   { "screens": [{ "name", "ms", "p95Ms", "sqlMs", "ratio", "bytesPerRow"? }] }  (bytesPerRow: list screens)
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped).
 * Patient sign-in verifies a bcrypt hash of cost 4 (the bench's accounts),
 * so the screen measures the lookup and the session, not the work factor.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createBackOffice } from '../admin/admin.js';
import { createPrismaClient } from '../src/config/db.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/config/logger.js';
import { createRedis } from '../src/config/redis.js';
import { buildApp } from '../src/http/app.js';
import { hashPassword, setBcryptCost } from '../src/modules/staff/passwords.js';
import { istDate } from '../src/time.js';
import { seedHospitalYear, type Seed } from './reportsSeed.js';
import { withScratchDatabase } from './scratchDatabase.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** BENCH_SCALE=0.1 for a quick try of the script itself; the figures are for 1. */
const FACTOR = Number(process.env.BENCH_SCALE ?? 1);
const SCALE: Seed = { patients: 1_000_000 * FACTOR, invoices: 300_000 * FACTOR, linesPerInvoice: 5, appointments: 2_000_000 * FACTOR };
const STAFF = { email: 'bench.admin@parth.hospital', password: 'Bench@Admin2026' };

interface Screen {
  name: string;
  /** The back-office (or patient API) call, relative to the app. */
  path: string;
  method?: 'GET' | 'POST';
  body?: () => Record<string, string>;
  /** The hand-written query for the same page. */
  sql: string;
  params?: unknown[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

async function extraRows(client: pg.Client, log: (line: string) => void): Promise<void> {
  setBcryptCost(4);
  const hash = await hashPassword('Portal@2026x');
  const steps: Array<[string, string, unknown[]]> = [
    // UHIDs as the desk issues them (PH-0000123): the seed's own are its join keys.
    [
      'uhids and portal accounts',
      `UPDATE "Patient" SET uhid = 'PH-' || lpad(id::text, 7, '0'),
       email = CASE WHEN id % 5 = 0 THEN 'p' || id || '@bench.in' END, "portalEnabled" = id % 5 = 0,
       "portalPasswordHash" = CASE WHEN id % 5 = 0 THEN $1 END`,
      [hash],
    ],
    [
      'audit rows',
      `INSERT INTO "AuditLog" ("userId", action, model, "recordId", after, "createdAt")
       SELECT (SELECT min(id) FROM "User") + g % 60, (ARRAY['CREATE','UPDATE','DELETE'])[1 + g % 3]::"AuditAction",
              (ARRAY['Patient','Appointment','Invoice','Payment'])[1 + g % 4], (g % 100000)::text, jsonb_build_object('n', g),
              timestamptz '2025-12-01 00:00+05:30' + (g::float8 / 500000) * interval '365 days'
       FROM generate_series(1, 500000) g`,
      [],
    ],
    [
      'drafts',
      `SET session_replication_role = replica; UPDATE "Invoice" SET status = 'DRAFT', number = NULL, "issuedAt" = NULL WHERE id % 1000 = 7 AND kind = 'INVOICE'; SET session_replication_role = DEFAULT`,
      [],
    ],
    [
      "today's OPD",
      `INSERT INTO "Appointment" ("patientId", "doctorId", "slotStart", "slotEnd", status, "visitDate", "tokenNo", "updatedAt")
       SELECT (SELECT min(id) FROM "Patient") + g * 11, d.id, t.slot, t.slot + interval '15 minutes', 'CHECKED_IN', $1::date, 1 + g / 50, now()
       FROM generate_series(0, 999) g
       JOIN "Doctor" d ON d."registrationNo" = 'REG' || (SELECT min(id) FROM "User") + g % 50
       CROSS JOIN LATERAL (SELECT ($1::date + time '09:00') AT TIME ZONE 'Asia/Kolkata' + (g / 50) * interval '7 minutes' AS slot) t`,
      [istDate()],
    ],
    [
      'staff',
      `INSERT INTO "User" (email, name, "passwordHash", role, "updatedAt") VALUES ($1, 'Bench Admin', $2, 'ADMIN', now())`,
      [STAFF.email, await hashPassword(STAFF.password)],
    ],
    ['vacuum', 'VACUUM ANALYZE', []],
  ];
  for (const [label, text, values] of steps) {
    const started = performance.now();
    await client.query(text, values);
    log(`  ${label}… ${Math.round(performance.now() - started)} ms`);
  }
}

/** A cookie jar of one: the staff session. */
async function signInStaff(base: string): Promise<string> {
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams(STAFF).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (res.status !== 302 || !cookie) throw new Error(`staff sign-in answered ${res.status}`);
  return cookie;
}

async function screens(client: pg.Client): Promise<Screen[]> {
  const one = async (text: string) => (await client.query(text)).rows[0] as Record<string, unknown>;
  const deepBoundary = (await one(`SELECT id FROM "Patient" ORDER BY id DESC OFFSET ${4999 * 20 - 1} LIMIT 1`)).id;
  const uhid = (await one(`SELECT uhid FROM "Patient" ORDER BY id OFFSET ${Math.floor(SCALE.patients * 0.65)} LIMIT 1`)).uhid as string;
  const emails = (
    await client.query(`SELECT email FROM "Patient" WHERE "portalEnabled" ORDER BY id OFFSET ${SCALE.patients / 10} LIMIT 100`)
  ).rows.map((r) => r.email as string);
  let signIns = 0;
  const today = istDate();
  const list = (model: string, query = '') => `/admin/api/resources/${model}/actions/list${query ? `?${query}` : ''}`;
  return [
    { name: 'patients: first page', path: list('Patient'), sql: `SELECT * FROM "Patient" ORDER BY id DESC LIMIT 20` },
    {
      name: 'patients: page 5,000',
      path: list('Patient', 'page=5000'),
      sql: `SELECT * FROM "Patient" WHERE id < $1 ORDER BY id DESC LIMIT 20`,
      params: [deepBoundary],
    },
    {
      name: 'patients: by UHID',
      path: list('Patient', `filters.uhid=${uhid}`),
      sql: `SELECT * FROM "Patient" WHERE uhid = $1`,
      params: [uhid],
    },
    {
      name: 'patients: by phone fragment',
      path: list('Patient', 'filters.phone=0065432'),
      sql: `SELECT * FROM "Patient" WHERE phone LIKE '%0065432%' ORDER BY id DESC LIMIT 20`,
    },
    {
      name: 'patients: by a common surname',
      path: list('Patient', 'filters.name=patil'),
      sql: `SELECT * FROM "Patient" WHERE name ILIKE '%patil%' ORDER BY id DESC LIMIT 20`,
    },
    {
      name: 'patient picker',
      path: '/admin/api/resources/Patient/actions/search/kavya%20shinde',
      sql: `SELECT * FROM "Patient" WHERE name ILIKE '%kavya shinde%' ORDER BY id DESC LIMIT 20`,
    },
    {
      name: 'appointments: default',
      path: list('Appointment'),
      sql: `SELECT * FROM "Appointment" ORDER BY "slotStart" DESC, id DESC LIMIT 20`,
    },
    {
      name: 'appointments: checked in',
      path: list('Appointment', 'filters.status=CHECKED_IN'),
      sql: `SELECT * FROM "Appointment" WHERE status = 'CHECKED_IN' ORDER BY "slotStart" DESC, id DESC LIMIT 20`,
    },
    { name: 'invoices: default', path: list('Invoice'), sql: `SELECT * FROM "Invoice" ORDER BY id DESC LIMIT 20` },
    {
      name: 'invoices: drafts',
      path: list('Invoice', 'filters.status=DRAFT'),
      sql: `SELECT * FROM "Invoice" WHERE status = 'DRAFT' ORDER BY id DESC LIMIT 20`,
    },
    {
      name: 'invoices: issued',
      path: list('Invoice', 'filters.status=ISSUED'),
      sql: `SELECT * FROM "Invoice" WHERE status = 'ISSUED' ORDER BY id DESC LIMIT 20`,
    },
    { name: 'audit log', path: list('AuditLog'), sql: `SELECT * FROM "AuditLog" ORDER BY id DESC LIMIT 20` },
    {
      name: 'dashboard',
      path: '/admin/api/dashboard',
      sql: `SELECT (SELECT count(*) FROM "Appointment" WHERE "visitDate" = $1::date) AS opd,
                   (SELECT count(*) FROM "Admission" WHERE status = 'ADMITTED') AS inpatients,
                   (SELECT count(*) FROM "Bed" WHERE status = 'OCCUPIED') AS occupied,
                   (SELECT COALESCE(sum(amount), 0) FROM "Payment" WHERE "receivedAt" >= $1::date AND "receivedAt" < $1::date + 1) AS received`,
      params: [today],
    },
    {
      name: 'OPD queue',
      path: '/admin/api/pages/todaysQueue',
      // Every doctor's queue (the page's default since the desk serves them all).
      sql: `SELECT a.id, a."tokenNo", a."slotStart", a.status, p.uhid, p.name, p.phone, d.name FROM "Appointment" a
            JOIN "Patient" p ON p.id = a."patientId" JOIN "Doctor" d ON d.id = a."doctorId"
            WHERE a."slotStart" >= $1::date - interval '5 hours 30 minutes' AND a."slotStart" < $1::date + interval '18 hours 30 minutes'
              AND a.status <> 'CANCELLED'
            ORDER BY d.name, a."doctorId", a."tokenNo" NULLS LAST, a."slotStart" LIMIT 2000`,
      params: [today],
    },
    {
      name: 'bed board',
      path: '/admin/api/pages/bedBoard',
      sql: `SELECT w.id, w.name, b.id, b."bedNumber", b.status FROM "Ward" w JOIN "Bed" b ON b."wardId" = w.id ORDER BY w.name, b."bedNumber"`,
    },
    {
      name: 'patient sign-in',
      path: '/api/v1/auth/login',
      method: 'POST',
      body: () => ({ email: emails[signIns++ % emails.length]!, password: 'Portal@2026x' }),
      sql: `SELECT * FROM "Patient" WHERE lower(email) = lower($1) AND "portalEnabled" LIMIT 1`,
      params: [emails[0]],
    },
  ];
}

/** How long a screen's call took, and for a list how many bytes each row cost on the wire. */
interface Call {
  ms: number;
  bytesPerRow: number | null;
}

async function timeCall(base: string, cookie: string, screen: Screen, run: number): Promise<Call> {
  const started = performance.now();
  const post = screen.method === 'POST';
  const res = await fetch(`${base}${screen.path}`, {
    method: screen.method ?? 'GET',
    headers: {
      cookie,
      'sec-fetch-site': 'same-origin',
      // Each sign-in from its own address, as patients' phones are: the per-address limit is not what is measured.
      'x-forwarded-for': `10.9.${Math.floor(run / 250)}.${1 + (run % 250)}`,
      ...(post ? { 'content-type': 'application/json' } : {}),
    },
    body: post ? JSON.stringify(screen.body?.() ?? {}) : undefined,
  });
  const text = await res.text();
  const elapsed = performance.now() - started;
  if (!res.ok || /"type":"error"/.test(text)) throw new Error(`${screen.name}: ${res.status} ${text.slice(0, 200)}`);
  const rows = (JSON.parse(text) as { records?: unknown[] }).records?.length ?? 0;
  return { ms: elapsed, bytesPerRow: rows > 0 ? Math.round(Buffer.byteLength(text) / rows) : null };
}

async function timeSql(pool: pg.Pool, screen: Screen): Promise<number> {
  const started = performance.now();
  await pool.query(screen.sql, screen.params ?? []);
  return performance.now() - started;
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench_backoffice', async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const seedStarted = performance.now();
    console.log('seeding 1,000,000 patients, 2,000,000 appointments, 300,000 invoices (1,500,000 lines), 500,000 audit rows…');
    await seedHospitalYear(client, (line) => console.log(line), SCALE);
    await extraRows(client, (line) => console.log(line));
    console.log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);

    const env = loadEnv({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'error', TRUST_PROXY: 'true' });
    const logger = createLogger(env);
    const db = createPrismaClient(url);
    // Sessions and rate limits in Redis when REDIS_URL is set, as in production.
    const redis = env.REDIS_URL ? createRedis(env.REDIS_URL, logger) : undefined;
    const backOffice = await createBackOffice({ env, db, databaseUrl: url, logger, redis, bundle: 'on-demand' });
    const app = buildApp({ env, db, logger, redis, adminRouter: backOffice.router });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const cookie = await signInStaff(base);
      const results = [];
      let call = 0;
      for (const screen of await screens(client)) {
        for (let i = 0; i < 2; i += 1) {
          await timeCall(base, cookie, screen, call++); // warm-up: plans, caches, the JIT
          await timeSql(pool, screen);
        }
        const app: number[] = [];
        const sql: number[] = [];
        let bytesPerRow: number | null = null;
        for (let i = 0; i < RUNS; i += 1) {
          sql.push(await timeSql(pool, screen));
          const answer = await timeCall(base, cookie, screen, call++);
          app.push(answer.ms);
          bytesPerRow = answer.bytesPerRow;
        }
        const result = {
          name: screen.name,
          ms: round(median(app)),
          p95Ms: round(p95(app)),
          sqlMs: round(median(sql)),
          ratio: round(median(app) / Math.max(median(sql), 0.01)),
          ...(bytesPerRow === null ? {} : { bytesPerRow }),
        };
        console.log(
          `${result.name.padEnd(30)} ${String(result.ms).padStart(8)} ms  p95 ${String(result.p95Ms).padStart(8)} ms  sql ${String(result.sqlMs).padStart(7)} ms  ×${result.ratio}${result.bytesPerRow ? `  ${result.bytesPerRow} B/row` : ''}`,
        );
        results.push(result);
      }
      console.log(JSON.stringify({ screens: results }));
    } finally {
      await pool.end();
      await new Promise((resolve) => server.close(resolve));
      await backOffice.close();
      await db.$disconnect();
      redis?.disconnect();
      await client.end();
    }
  });
}

await main();
