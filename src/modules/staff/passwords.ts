/**
 * Staff and patient-portal passwords are stored only as bcrypt hashes.
 * Cost 12 (the production default, BCRYPT_COST) takes ~250 ms per hash here:
 * slow for an attacker with a stolen table, still quick enough for a login.
 * Tests set the minimum (4), so no test leans on how fast this machine hashes.
 * A hash keeps its own cost: changing the setting never breaks a login.
 *
 * Hashes are worked out on threads of their own, one per core, that run at a
 * lower CPU priority (nice +10 on the process's own): a hash takes whatever CPU the requests and the
 * database leave, and never the CPU they need. On libuv's four threads at the
 * normal priority, four hashes at once on two cores left nothing for the
 * requests around them (a burst of sign-ins held every desk action for
 * seconds: bench/hospitalHour.ts); one at a time kept the desks quick but made
 * sign-ins queue behind each other. Further hashes wait their turn, first come
 * first served.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export const PRODUCTION_BCRYPT_COST = 12;

let cost = PRODUCTION_BCRYPT_COST;

/** Set once at start-up from BCRYPT_COST (src/server.ts, the CLIs, the test setup). */
export function setBcryptCost(value: number): void {
  if (!Number.isInteger(value) || value < 4 || value > 15) throw new Error(`bcrypt cost must be a whole number from 4 to 15, not ${value}`);
  cost = value;
}

export function hashPassword(plain: string): Promise<string> {
  return inTurn<string>({ op: 'hash', plain, cost });
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return inTurn<boolean>({ op: 'compare', plain, hash });
}

export const PASSWORD_WORK_AT_ONCE = availableParallelism();
/** How much nicer the hashing threads are than the process (Linux sets it per thread; the process keeps its own). */
export const PASSWORD_THREAD_NICENESS = 10;

type Job = { op: 'hash'; plain: string; cost: number } | { op: 'compare'; plain: string; hash: string };
interface Waiting {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

// Plain JavaScript, so the thread starts the same from the sources (tests) and from dist/.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
try { os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.niceness)); } catch {}
const bcrypt = require(workerData.bcrypt);
parentPort.on('message', (job) => {
  try {
    const result = job.op === 'hash' ? bcrypt.hashSync(job.plain, job.cost) : bcrypt.compareSync(job.plain, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});`;
const bcryptPath = createRequire(import.meta.url).resolve('bcrypt');

const idle: Worker[] = [];
let threads = 0;
const waiting: Waiting[] = [];
/** A thread left idle this long ends (a burst's threads do not stay for good); the next hash starts one again. */
const IDLE_THREAD_MS = 10_000;
const idleTimers = new WeakMap<Worker, NodeJS.Timeout>();

/** Hashes being worked out now, and those waiting their turn (what the tests check). */
export function passwordWork(): { working: number; waiting: number } {
  return { working: threads - idle.length, waiting: waiting.length };
}

function inTurn<T>(job: Job): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiting.push({ job, resolve: resolve as (value: unknown) => void, reject });
    dispatch();
  });
}

/** Hands waiting jobs to idle threads, starting threads up to one per core. */
function dispatch(): void {
  while (waiting.length > 0) {
    if (idle.length === 0 && threads < PASSWORD_WORK_AT_ONCE) startThread();
    const thread = idle.pop();
    if (!thread) return;
    clearTimeout(idleTimers.get(thread));
    run(thread, waiting.shift()!);
  }
}

function startThread(): void {
  const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { bcrypt: bcryptPath, niceness: PASSWORD_THREAD_NICENESS } });
  threads += 1;
  // An idle thread never keeps the process alive; one with a job does.
  thread.unref();
  idle.push(thread);
  // One that dies while idle is no longer offered a job.
  thread.once('exit', () => {
    const at = idle.indexOf(thread);
    if (at < 0) return;
    idle.splice(at, 1);
    threads -= 1;
  });
}

function restThread(thread: Worker): void {
  idle.push(thread);
  const timer = setTimeout(() => {
    // Out of the idle list first, so no job is handed to it while it stops.
    const at = idle.indexOf(thread);
    if (at < 0) return;
    idle.splice(at, 1);
    threads -= 1;
    void thread.terminate();
  }, IDLE_THREAD_MS);
  timer.unref();
  idleTimers.set(thread, timer);
}

function run(thread: Worker, { job, resolve, reject }: Waiting): void {
  const done = (settle: () => void, healthy: boolean) => {
    thread.off('message', onMessage);
    thread.off('error', onFailure);
    thread.off('exit', onFailure);
    thread.unref();
    if (healthy) restThread(thread);
    else {
      threads -= 1;
      void thread.terminate();
    }
    settle();
    dispatch();
  };
  const onMessage = (answer: { result?: unknown; error?: string }) =>
    done(() => (answer.error === undefined ? resolve(answer.result) : reject(new Error(answer.error))), true);
  // A thread that died (out of memory, killed) is replaced by the next job; this one fails.
  const onFailure = (error: unknown) =>
    done(() => reject(error instanceof Error ? error : new Error('The password thread stopped')), false);
  thread.on('message', onMessage);
  thread.once('error', onFailure);
  thread.once('exit', onFailure);
  thread.ref();
  thread.postMessage(job);
}
