/**
 * `npm run bench:api` — requests per second of the patient API's two hottest
 * reads, `GET /api/v1/doctors/:id/slots?date=` and `GET /api/v1/me/appointments`,
 * against a bare Express + pg endpoint running the same SQL (no helmet, CORS,
 * JWT, zod or rate limit), side by side in one run: autocannon, 50
 * connections, a warm-up, then three alternating rounds of 5 s each (the
 * median round is reported), against a server process of their
 * own (bench/apiServer.ts) so the load generator does not share its core.
 * The last line is one JSON object:
 *   { "endpoints": [{ "path", "rps", "baselineRps", "ratio", "p99Ms", "cpuUsPerRequest", "baselineCpuUsPerRequest" }] }
 * The server's CPU time per request is printed too: on a shared machine it moves far
 * less than req/s, so it is the figure to compare two versions of the code by.
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped) and
 * REDIS_URL when set (the rate limiter then counts in Redis, as in production).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createPrismaClient } from '../src/config/db.js';
import { accessTokens } from '../src/modules/patientAuth/tokens.js';
import { createBenchDoctor } from './benchDoctor.js';
import { processCpuSeconds } from './processCpu.js';
import { withScratchDatabase } from './scratchDatabase.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = 3;
const CONNECTIONS = 50;
const JWT_SECRET = 'bench-only-patient-jwt-secret-0123456789abcdef';

function startServer(databaseUrl: string): Promise<{ child: ChildProcess; app: number; baseline: number }> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROFILE=<folder>: the server writes a V8 CPU profile there when the run ends (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(here, 'apiServer.ts')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PATIENT_JWT_SECRET: JWT_SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.once('data', (chunk: Buffer) =>
      resolve({ child, ...(JSON.parse(chunk.toString()) as { app: number; baseline: number }) }),
    );
    child.once('exit', (code) => reject(new Error(`the API server exited with ${code}`)));
  });
}

interface Measured {
  rps: number;
  p99Ms: number;
  /** The server's CPU time (user + system) per answered request, in µs: unlike req/s, barely moved by a neighbour's load. */
  cpuUs: number;
}

const cpuSecondsOf = (pid: number) => processCpuSeconds(pid) ?? 0;

async function load(url: string, headers: Record<string, string>, seconds: number, pid: number): Promise<Measured> {
  const cpuBefore = cpuSecondsOf(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const cpu = cpuSecondsOf(pid) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p99Ms: result.latency.p99, cpuUs: Math.round((cpu * 1e6) / result.requests.total) };
}

/** The median round's figures (by throughput, each figure on its own). */
function medianOf(rounds: Measured[]): Measured {
  const middle = <T>(values: T[], by: (v: T) => number) => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
  return {
    rps: middle(rounds, (r) => r.rps).rps,
    p99Ms: middle(rounds, (r) => r.p99Ms).p99Ms,
    cpuUs: middle(rounds, (r) => r.cpuUs).cpuUs,
  };
}

/** A doctor with a daily OPD and a patient with upcoming appointments, in the scratch database. */
async function seed(url: string) {
  const db = createPrismaClient(url);
  try {
    const doctor = await createBenchDoctor(db, [{ startTime: '17:00', endTime: '20:00', slotMinutes: 15, maxPatients: 10 }]);
    const patient = await db.patient.create({
      data: { name: 'Bench Patient', gender: 'FEMALE', phone: '+919800000001', portalEnabled: true },
    });
    const day = (offset: number) => new Date(Date.now() + 330 * 60_000 + offset * 86_400_000).toISOString().slice(0, 10);
    for (let i = 1; i <= 12; i += 1) {
      const start = new Date(`${day(i)}T09:${String((i % 4) * 15).padStart(2, '0')}:00+05:30`);
      await db.appointment.create({
        data: {
          patientId: patient.id,
          doctorId: doctor.id,
          slotStart: start,
          slotEnd: new Date(start.getTime() + 900_000),
          visitDate: new Date(`${day(i)}T00:00:00Z`),
        },
      });
    }
    return { doctorId: doctor.id, patientId: patient.id, date: day(2) };
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench_api', async (url) => {
    const { doctorId, patientId, date } = await seed(url);
    const token = await accessTokens(JWT_SECRET).sign(patientId);
    const server = await startServer(url);
    try {
      const app = `http://127.0.0.1:${server.app}`;
      const bare = `http://127.0.0.1:${server.baseline}`;
      const endpoints = [
        {
          path: '/api/v1/doctors/:id/slots?date=',
          url: `${app}/api/v1/doctors/${doctorId}/slots?date=${date}`,
          baseline: `${bare}/slots/${doctorId}?date=${date}`,
          headers: {} as Record<string, string>,
        },
        {
          path: '/api/v1/me/appointments',
          url: `${app}/api/v1/me/appointments`,
          baseline: `${bare}/me/appointments?patientId=${patientId}`,
          headers: { authorization: `Bearer ${token}` },
        },
      ];
      const results = [];
      // BENCH_ONLY=<part of a path>: measure just that endpoint (with BENCH_CPU_PROFILE, to profile it alone).
      for (const e of endpoints.filter((x) => x.path.includes(process.env.BENCH_ONLY ?? ''))) {
        const pid = server.child.pid!;
        await load(e.url, e.headers, 2, pid); // warm-up: JIT, pools, plans
        await load(e.baseline, {}, 2, pid);
        // Rounds alternate bare and app, so a neighbour's load on this shared machine falls on both alike.
        const rounds: Array<{ baseline: Measured; measured: Measured }> = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          rounds.push({
            baseline: await load(e.baseline, {}, SECONDS / ROUNDS, pid),
            measured: await load(e.url, e.headers, SECONDS / ROUNDS, pid),
          });
        }
        const baseline = medianOf(rounds.map((r) => r.baseline));
        const measured = medianOf(rounds.map((r) => r.measured));
        const result = {
          path: e.path,
          rps: measured.rps,
          baselineRps: baseline.rps,
          ratio: +(measured.rps / baseline.rps).toFixed(2),
          p99Ms: measured.p99Ms,
          cpuUsPerRequest: measured.cpuUs,
          baselineCpuUsPerRequest: baseline.cpuUs,
        };
        console.log(
          `${e.path.padEnd(34)} ${String(result.rps).padStart(6)} req/s (bare ${baseline.rps}, ratio ${result.ratio}), p99 ${result.p99Ms} ms (bare ${baseline.p99Ms} ms), CPU ${measured.cpuUs} µs/request (bare ${baseline.cpuUs})`,
        );
        results.push(result);
      }
      console.log(JSON.stringify({ endpoints: results }));
    } finally {
      // SIGTERM: the server exits on its own, so a CPU profile asked for is written — and
      // before its database is dropped under it.
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
