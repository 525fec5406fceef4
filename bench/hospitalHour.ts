/**
 * `npm run bench:hospital-hour` — a 500-bed hospital's busiest hour, driven
 * over HTTP against the app as `npm start` runs it (built, in its own process,
 * with its workers; sessions and rate limits in Redis when REDIS_URL is set):
 *
 * - 100 staff signed in to the back-office doing the desk's work: receptionists
 *   register, search, book and check patients in with the fee; nurses check in
 *   and watch the OPD queue; pharmacists dispense against the visit; lab
 *   technicians order, collect, enter, verify (another technician's entries)
 *   and release; billing clerks draft, issue and take payment for the bill;
 * - 500 portal users: sign in, look at a doctor's free slots, book some, read
 *   their appointments and bills.
 *
 * Every person waits a think time between steps (BENCH_STAFF_THINK_MS and
 * BENCH_PORTAL_THINK_MS, default 5,000 ms each, drawn from 0.5×–1.5×): some 20
 * staff steps and 70 portal requests a second, about thirty times the desk work
 * of such a hospital's real peak hour (~2,500 actions), packed into BENCH_SECONDS
 * (default 120). It is mid-shift: the staff sign in (ten a second) before the
 * clock starts; patients open the app at random moments of the first half and
 * sign in then. Each answer is checked: a non-2xx answer, a back-office error
 * notice or a form error is an error — except a slot someone else booked a
 * moment earlier, or a bill whose items another clerk's draft had just taken
 * (correct refusals, counted as lost races).
 *
 * Reported: throughput, p50/p95/p99 per action, every error. Target on these
 * two cores: p95 < 150 ms per action and 0 errors. Published anchor: BahmniLite's
 * 24-hour test on a 2-vCPU node, 70 users — registration p95 252 ms,
 * consultation p95 2,331 ms. The last line is one JSON object:
 *   { "seconds", "staff", "portalUsers", "requests", "perSecond", "errors", "lostRaces",
 *     "actions": [{ "name", "count", "p50Ms", "p95Ms", "p99Ms", "errors" }], "targetMet",
 *     "cpu": { "appSeconds", "postgresSeconds", "driverSeconds" } }
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped) and
 * REDIS_URL. The app runs one web process (BENCH_WEB_CONCURRENCY sets
 * WEB_CONCURRENCY, which needs Redis). Passwords are hashed at BCRYPT_COST 10 (BENCH_BCRYPT_COST), the
 * least production accepts: a sign-in is the work factor by design.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPrismaClient } from '../src/config/db.js';
import { setBcryptCost } from '../src/modules/staff/passwords.js';
import { istDate } from '../src/time.js';
import { PORTAL_PASSWORD, seedHospital, STAFF_PASSWORD, type Hospital, type StaffRole } from './hospitalHourSeed.js';
import { freePort } from '../tests/support/faults.js';
import { commandCpuSeconds, commandCpuSince, treeCpuSeconds } from './processCpu.js';
import { withScratchDatabase } from './scratchDatabase.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const STAFF_THINK_MS = Number(process.env.BENCH_STAFF_THINK_MS ?? 5000);
const PORTAL_THINK_MS = Number(process.env.BENCH_PORTAL_THINK_MS ?? 5000);
const PORTAL_USERS = Number(process.env.BENCH_PORTAL_USERS ?? 500);
const BCRYPT_COST = Number(process.env.BENCH_BCRYPT_COST ?? 10);
// Web processes (WEB_CONCURRENCY; more than one needs Redis). One: on these two cores, shared with
// PostgreSQL and this driver, two were slower in every alternating run (README, Benchmarks).
const WEB_CONCURRENCY = process.env.REDIS_URL ? Number(process.env.BENCH_WEB_CONCURRENCY ?? 1) : 1;
const TARGET_P95_MS = 150;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const think = (mean: number) => sleep(mean * (0.5 + Math.random()));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// ── What was measured ──

const timings = new Map<string, number[]>();
const errorsByAction = new Map<string, number>();
const errorSamples = new Map<string, number>();
let lostRaces = 0;
let stopAt = Number.POSITIVE_INFINITY;
const running = () => Date.now() < stopAt;

class Refused extends Error {}
/**
 * Correct refusals of a race between two people, not errors: a slot booked a moment earlier
 * (the API's 409, the desk's notice), and a bill asked for when another clerk's draft had
 * just taken the patient's items (two pharmacists dispensed to one patient, two clerks billed).
 */
const RACES_LOST = /just been booked by someone else|no unbilled items/;
class LostRace extends Error {}

function record(action: string, ms: number): void {
  const list = timings.get(action) ?? [];
  list.push(ms);
  timings.set(action, list);
}

function recordError(action: string, error: unknown): void {
  if (error instanceof LostRace) {
    lostRaces += 1;
    return;
  }
  errorsByAction.set(action, (errorsByAction.get(action) ?? 0) + 1);
  const message = `${action}: ${(error as Error).message}`.slice(0, 240);
  errorSamples.set(message, (errorSamples.get(message) ?? 0) + 1);
}

// ── One person's HTTP ──

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

class Person {
  cookie = '';
  token = '';
  constructor(readonly address: string) {}

  /** One timed step: the answer, or an error recorded under the action's name. */
  async step(action: string, method: 'GET' | 'POST', url: string, body?: Record<string, string> | object, form = true): Promise<Answer> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address, 'sec-fetch-site': 'same-origin' };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body) {
      headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
    }
    const started = performance.now();
    const res = await fetch(`${base}${url}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    record(action, performance.now() - started);
    const parsed = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
    const notice = parsed.notice as { type?: string; message?: string } | undefined;
    const formErrors = (parsed.record as { errors?: Record<string, { message: string }> } | undefined)?.errors ?? {};
    const refusal =
      res.status >= 400
        ? `${res.status} ${text.slice(0, 160)}`
        : notice?.type === 'error'
          ? `notice: ${notice.message}`
          : Object.keys(formErrors).length > 0
            ? `form: ${JSON.stringify(formErrors).slice(0, 160)}`
            : undefined;
    if (refusal && RACES_LOST.test(refusal)) throw new LostRace(refusal);
    if (refusal) throw new Refused(refusal);
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

/** Runs one step and records a failure without stopping the person. */
async function attempt<T>(action: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    recordError(action, error);
    return undefined;
  }
}

// ── The hospital's shared state: who waits for what ──

let base = '';
const today = istDate();
interface Visit {
  appointmentId: number;
  patientId: number;
}
const waitingAtDesk: Visit[] = [];
const checkedIn: Visit[] = [];
/** Patients with something unbilled, each once (Set keeps insertion order). */
const toBill = new Set<number>();
/** Patients a lab technician is working on: one order at a time each. */
const inLab = new Set<number>();
/** Patient, doctor and day of each booking made here: one per doctor a day. */
const bookings = new Set<string>();
const toVerify: Array<{ orderId: number; enteredBy: string }> = [];
let registrations = 0;
/** Where this run's walk-ins' numbers start (their phones are +9196 and eight digits of it). */
const WALK_IN_BASE = Math.floor(Math.random() * 9e7);

const recordUrl = (model: string, id: number, action: string) => `/admin/api/resources/${model}/records/${id}/${action}`;
const idOf = (body: Record<string, unknown>): number =>
  Number((body.record as { id?: unknown; params?: { id?: unknown } } | undefined)?.params?.id ?? (body.record as { id?: unknown })?.id);
const idFromRedirect = (body: Record<string, unknown>) => Number(/records\/(\d+)/.exec(String(body.redirectUrl ?? ''))?.[1]);

async function signInStaff(person: Person, email: string): Promise<boolean> {
  return (
    (await attempt('staff sign-in', async () => {
      const answer = await person.step('staff sign-in', 'POST', '/admin/login', { email, password: STAFF_PASSWORD });
      const cookie = answer.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      if (answer.status !== 302 || !cookie) throw new Refused(`sign-in answered ${answer.status}`);
      person.cookie = cookie;
      return true;
    })) ?? false
  );
}

/** Books a patient into one of the next days' free slots, as the desk does from the patient's page. */
async function bookAtDesk(person: Person, hospital: Hospital, patientId: number): Promise<void> {
  const doctorId = pick(hospital.doctorIds);
  const date = dayAfter(today, 1 + Math.floor(Math.random() * 5));
  const key = `${patientId}|${doctorId}|${date}`;
  if (bookings.has(key)) return;
  bookings.add(key);
  const form = await attempt('book: open form', () =>
    person.step('book: open form', 'GET', `${recordUrl('Patient', patientId, 'bookAppointment')}?doctorId=${doctorId}&date=${date}`),
  );
  const slots = (form?.body.options as { slotStart?: Array<{ value: string }> } | undefined)?.slotStart ?? [];
  if (slots.length === 0) return;
  await think(STAFF_THINK_MS);
  await attempt('book', () =>
    person.step('book', 'POST', recordUrl('Patient', patientId, 'bookAppointment'), {
      doctorId: String(doctorId),
      date,
      slotStart: pick(slots).value,
      reason: 'Follow-up',
    }),
  );
}

async function search(person: Person, hospital: Hospital): Promise<number | undefined> {
  const digits = pick(hospital.phones).slice(-10);
  const found = await attempt('search patient', () =>
    person.step('search patient', 'GET', `/admin/api/resources/Patient/actions/list?filters.phone=${digits.slice(2)}`),
  );
  const records = (found?.body.records as Array<{ id: string }> | undefined) ?? [];
  return records.length > 0 ? Number(records[0]!.id) : undefined;
}

// ── Each role's work ──

/** Order a test for a visit, collect the sample and enter the result (another technician verifies it). */
async function labWork(person: Person, hospital: Hospital, email: string, visit: Visit): Promise<void> {
  const test = pick(hospital.labTests);
  const ordered = await attempt('order lab test', () =>
    person.step('order lab test', 'POST', recordUrl('Patient', visit.patientId, 'orderLabTest'), {
      labTestId: String(test.id),
      appointmentId: String(visit.appointmentId),
    }),
  );
  const orderNo = /Ordered: (\S+)/.exec(String((ordered?.body.notice as { message?: string } | undefined)?.message))?.[1];
  if (!ordered || !orderNo) return;
  toBill.add(visit.patientId);
  await think(STAFF_THINK_MS);
  // The new order found by the number the notice gave, as the technician at the sample desk finds it.
  const orders = await attempt('find lab order', () =>
    person.step('find lab order', 'GET', `/admin/api/resources/LabOrder/actions/list?filters.orderNo=${encodeURIComponent(orderNo)}`),
  );
  const orderId = Number((orders?.body.records as Array<{ id: string }> | undefined)?.[0]?.id);
  if (!Number.isInteger(orderId)) return;
  if (!(await attempt('collect sample', () => person.step('collect sample', 'POST', recordUrl('LabOrder', orderId, 'collectSample')))))
    return;
  await think(STAFF_THINK_MS);
  const entered = await attempt('enter result', () =>
    person.step('enter result', 'POST', recordUrl('LabOrder', orderId, 'enterResults'), { parameter: test.name, value: '5.2' }),
  );
  if (entered) toVerify.push({ orderId, enteredBy: email });
}

const desks: Record<StaffRole, (person: Person, hospital: Hospital, email: string) => Promise<void>> = {
  async RECEPTIONIST(person, hospital) {
    const roll = Math.random();
    if (roll < 0.35) {
      registrations += 1;
      // A different person each time: two walk-ins with one phone and birthday are refused as one patient
      // registered twice (src/modules/patients/duplicates.ts), which a random number alone sometimes drew.
      const n = WALK_IN_BASE + registrations;
      const created = await attempt('register patient', () =>
        person.step('register patient', 'POST', '/admin/api/resources/Patient/actions/new', {
          name: `Walk-in ${n} Sharma`,
          gender: n % 2 ? 'MALE' : 'FEMALE',
          phone: `+9196${String(n % 1e8).padStart(8, '0')}`,
          dateOfBirth: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 9}`,
          city: 'Pune',
        }),
      );
      if (!created) return;
      await think(STAFF_THINK_MS);
      await bookAtDesk(person, hospital, idOf(created.body));
    } else if (roll < 0.65) {
      const patientId = await search(person, hospital);
      if (!patientId) return;
      await think(STAFF_THINK_MS);
      await bookAtDesk(person, hospital, patientId);
    } else {
      const visit = waitingAtDesk.pop();
      if (!visit) return void (await search(person, hospital));
      const done = await attempt('check in + collect fee', () =>
        person.step('check in + collect fee', 'POST', recordUrl('Appointment', visit.appointmentId, 'collectFee'), { method: 'CASH' }),
      );
      if (done) checkedIn.push(visit);
    }
  },

  async NURSE(person, hospital) {
    const roll = Math.random();
    if (roll < 0.4) {
      const visit = waitingAtDesk.pop();
      if (!visit) return;
      const done = await attempt('check in', () =>
        person.step('check in', 'POST', recordUrl('Appointment', visit.appointmentId, 'checkIn')),
      );
      if (done) checkedIn.push(visit);
    } else if (roll < 0.7) {
      await attempt('OPD queue', () => person.step('OPD queue', 'GET', '/admin/api/pages/todaysQueue'));
    } else {
      await search(person, hospital);
    }
  },

  async PHARMACIST(person) {
    const visit = checkedIn.length > 0 ? pick(checkedIn) : undefined;
    if (!visit) return;
    const form = await attempt('dispense: open form', () =>
      person.step('dispense: open form', 'GET', recordUrl('Patient', visit.patientId, 'dispense')),
    );
    const drugs = (form?.body.options as { drugId?: Array<{ value: string }> } | undefined)?.drugId ?? [];
    if (drugs.length === 0) return;
    await think(STAFF_THINK_MS);
    const done = await attempt('dispense', () =>
      person.step('dispense', 'POST', recordUrl('Patient', visit.patientId, 'dispense'), {
        drugId: pick(drugs).value,
        quantity: String(1 + Math.floor(Math.random() * 10)),
        appointmentId: String(visit.appointmentId),
      }),
    );
    if (done) toBill.add(visit.patientId);
  },

  async LAB_TECH(person, hospital, email) {
    const mine = toVerify.findIndex((t) => t.enteredBy !== email);
    if (mine >= 0 && Math.random() < 0.6) {
      const { orderId } = toVerify.splice(mine, 1)[0]!;
      await attempt('verify: read results', () =>
        person.step('verify: read results', 'GET', recordUrl('LabOrder', orderId, 'verifyResults')),
      );
      await think(STAFF_THINK_MS);
      if (!(await attempt('verify results', () => person.step('verify results', 'POST', recordUrl('LabOrder', orderId, 'verifyResults')))))
        return;
      await think(STAFF_THINK_MS);
      await attempt('release results', () => person.step('release results', 'POST', recordUrl('LabOrder', orderId, 'releaseResults')));
      return;
    }
    const visit = checkedIn.length > 0 ? pick(checkedIn) : undefined;
    if (!visit || inLab.has(visit.patientId)) return;
    inLab.add(visit.patientId);
    try {
      await labWork(person, hospital, email, visit);
    } finally {
      inLab.delete(visit.patientId);
    }
  },

  async BILLING(person) {
    const patientId = toBill.values().next().value;
    if (patientId !== undefined) toBill.delete(patientId);
    if (!patientId) {
      await attempt('bills list', () =>
        person.step('bills list', 'GET', '/admin/api/resources/Invoice/actions/list?filters.status=ISSUED'),
      );
      return;
    }
    const drafted = await attempt('generate bill', () =>
      person.step('generate bill', 'POST', recordUrl('Patient', patientId, 'generateBill')),
    );
    const invoiceId = drafted ? idFromRedirect(drafted.body) : NaN;
    if (!Number.isInteger(invoiceId)) return;
    await think(STAFF_THINK_MS);
    if (!(await attempt('issue bill', () => person.step('issue bill', 'POST', recordUrl('Invoice', invoiceId, 'issue'))))) return;
    const shown = await attempt('open bill', () => person.step('open bill', 'GET', recordUrl('Invoice', invoiceId, 'show')));
    const params = (shown?.body.record as { params?: Record<string, string> } | undefined)?.params ?? {};
    const due = Number(params.total ?? 0) - Number(params.amountPaid ?? 0);
    if (!(due > 0)) return;
    await think(STAFF_THINK_MS);
    await attempt('record payment', () =>
      person.step('record payment', 'POST', recordUrl('Invoice', invoiceId, 'recordPayment'), { method: 'CASH', amount: due.toFixed(2) }),
    );
  },
};

/** Mid-shift: every staff member signed in before the hour's clock starts (their sign-ins are still timed). */
async function startShift(member: { email: string }, index: number): Promise<Person | undefined> {
  await sleep(index * 100); // they come in one after another, ten a second
  const person = new Person(`10.1.${Math.floor(index / 250)}.${1 + (index % 250)}`);
  return (await signInStaff(person, member.email)) ? person : undefined;
}

async function staffShift(hospital: Hospital, member: { email: string; role: StaffRole }, person: Person | undefined): Promise<void> {
  if (!person) return;
  while (running()) {
    await think(STAFF_THINK_MS);
    if (!running()) break;
    await desks[member.role](person, hospital, member.email);
  }
}

async function portalVisit(hospital: Hospital, account: { email: string }, index: number, arriveBy: number): Promise<void> {
  await sleep(Math.random() * arriveBy);
  const person = new Person(`10.2.${Math.floor(index / 250)}.${1 + (index % 250)}`);
  const session = await attempt('portal: sign in', () =>
    person.step('portal: sign in', 'POST', '/api/v1/auth/login', { email: account.email, password: PORTAL_PASSWORD }, false),
  );
  person.token = String(session?.body.accessToken ?? '');
  if (!person.token) return;
  const booked = new Set<string>();
  while (running()) {
    await think(PORTAL_THINK_MS);
    await attempt('portal: my appointments', () => person.step('portal: my appointments', 'GET', '/api/v1/me/appointments'));
    await think(PORTAL_THINK_MS);
    const doctorId = pick(hospital.doctorIds);
    const date = dayAfter(today, 1 + Math.floor(Math.random() * 5));
    const free = await attempt('portal: free slots', () =>
      person.step('portal: free slots', 'GET', `/api/v1/doctors/${doctorId}/slots?date=${date}`),
    );
    const slots = (free?.body.slots as Array<{ start: string }> | undefined) ?? [];
    // One in four books what they looked at (not twice with a doctor on a day, nor past the portal's limit).
    if (slots.length > 0 && Math.random() < 0.25 && booked.size < 3 && !booked.has(`${doctorId}|${date}`) && running()) {
      await think(PORTAL_THINK_MS);
      const done = await attempt('portal: book', () =>
        person.step('portal: book', 'POST', '/api/v1/me/appointments', { doctorId, startsAt: pick(slots).start }, false),
      );
      if (done) booked.add(`${doctorId}|${date}`);
    }
    await think(PORTAL_THINK_MS);
    if (!running()) break;
    await attempt('portal: my bills', () => person.step('portal: my bills', 'GET', '/api/v1/me/invoices'));
  }
}

// ── The app, as npm start runs it ──

async function startApp(databaseUrl: string): Promise<ChildProcess> {
  const build = spawn(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const built = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  if (built !== 0) throw new Error('the build failed');
  const port = await freePort();
  // BENCH_CPU_PROFILE=<folder>: the app writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(root, 'dist/src/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'false',
      TRUST_PROXY: 'true',
      BCRYPT_COST: String(BCRYPT_COST),
      WEB_CONCURRENCY: String(WEB_CONCURRENCY),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      SESSION_SECRET: 's'.repeat(40),
      PATIENT_JWT_SECRET: 'bench-only-patient-jwt-secret-0123456789abcdef',
      REDIS_KEY_PREFIX: `bench-hour-${Date.now()}:`,
    },
    // The request log goes where production's goes: written, not read.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await sleep(100);
  }
  throw new Error('the app did not answer /health within a minute');
}

// ── The report ──

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

function report(seconds: number, staff: number, portalUsers: number) {
  const names = [...new Set([...timings.keys(), ...errorsByAction.keys()])].sort();
  const actions = names.map((name) => {
    const sorted = [...(timings.get(name) ?? [])].sort((a, b) => a - b);
    return {
      name,
      count: sorted.length,
      p50Ms: round(percentile(sorted, 0.5)),
      p95Ms: round(percentile(sorted, 0.95)),
      p99Ms: round(percentile(sorted, 0.99)),
      errors: errorsByAction.get(name) ?? 0,
    };
  });
  const requests = actions.reduce((sum, a) => sum + a.count, 0);
  const errors = actions.reduce((sum, a) => sum + a.errors, 0);
  console.log(`\n${'action'.padEnd(28)} ${'count'.padStart(6)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} errors`);
  for (const a of actions) {
    const flag = a.p95Ms >= TARGET_P95_MS ? '  ← p95 over target' : '';
    console.log(
      `${a.name.padEnd(28)} ${String(a.count).padStart(6)} ${String(a.p50Ms).padStart(6)}ms ${String(a.p95Ms).padStart(6)}ms ${String(a.p99Ms).padStart(6)}ms ${String(a.errors).padStart(6)}${flag}`,
    );
  }
  for (const [message, count] of errorSamples) console.log(`error ×${count}: ${message}`);
  const perSecond = Math.round(requests / seconds);
  console.log(
    `${requests} requests in ${seconds} s (${perSecond}/s) from ${staff} staff and ${portalUsers} portal users; ${errors} errors, ${lostRaces} lost races (a slot or a bill someone took a moment earlier)`,
  );
  const targetMet = errors === 0 && actions.every((a) => a.p95Ms < TARGET_P95_MS);
  console.log(`target (p95 < ${TARGET_P95_MS} ms per action, 0 errors): ${targetMet ? 'met' : 'NOT met'}`);
  return { seconds, staff, portalUsers, requests, perSecond, errors, lostRaces, actions, targetMet };
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench_hour', async (url) => {
    setBcryptCost(BCRYPT_COST);
    const db = createPrismaClient(url);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined); // the scratch database may be dropped under it after a failure
    await client.connect();
    const seeding = performance.now();
    const hospital = await seedHospital(db, client, PORTAL_USERS).finally(async () => {
      await client.end();
      await db.$disconnect();
    });
    console.log(
      `hospital: ${hospital.staff.length} staff, ${hospital.doctorIds.length} OPD doctors, 50,000 patients (${hospital.portal.length} on the portal), ${hospital.waiting.length} visits waiting today; seeded in ${Math.round(performance.now() - seeding)} ms`,
    );
    waitingAtDesk.push(...hospital.waiting.sort(() => Math.random() - 0.5));

    const app = await startApp(url);
    try {
      console.log(
        `the hour: ${SECONDS} s, think times ${STAFF_THINK_MS} ms (staff) and ${PORTAL_THINK_MS} ms (portal), ${WEB_CONCURRENCY} web process(es)…`,
      );
      const people = await Promise.all(hospital.staff.map((member, i) => startShift(member, i)));
      const started = Date.now();
      stopAt = started + SECONDS * 1000;
      const cpuBefore = { driver: process.cpuUsage(), app: treeCpuSeconds(app.pid!), postgres: commandCpuSeconds('postgres') };
      // Patients open the app at any moment of the first half; each signs in when they do.
      const arriveBy = (SECONDS * 1000) / 2;
      await Promise.all([
        ...hospital.staff.map((member, i) => staffShift(hospital, member, people[i])),
        ...hospital.portal.map((account, i) => portalVisit(hospital, account, i, arriveBy)),
      ]);
      const seconds = Math.round((Date.now() - started) / 1000);
      const driverCpu = process.cpuUsage(cpuBefore.driver);
      // Where the two cores went: the app, PostgreSQL, and this driver (which a real hour runs on other machines).
      const cpu = {
        appSeconds: Math.round((treeCpuSeconds(app.pid!) - cpuBefore.app) * 10) / 10,
        postgresSeconds: commandCpuSince('postgres', cpuBefore.postgres),
        driverSeconds: Math.round((driverCpu.user + driverCpu.system) / 1e5) / 10,
      };
      console.log(
        `CPU in ${seconds} s (two cores: ${2 * seconds} s): the app ${cpu.appSeconds} s, PostgreSQL ${cpu.postgresSeconds} s, this driver ${cpu.driverSeconds} s`,
      );
      const result = { ...report(seconds, hospital.staff.length, hospital.portal.length), cpu };
      console.log(JSON.stringify(result));
    } finally {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
