/**
 * Staff and patient-portal passwords are stored only as bcrypt hashes.
 * Cost 12 (the production default, BCRYPT_COST) takes ~250 ms per hash here:
 * slow for an attacker with a stolen table, still quick enough for a login.
 * Tests set the minimum (4), so no test leans on how fast this machine hashes.
 * A hash keeps its own cost: changing the setting never breaks a login.
 *
 * Hashes are worked out a few at a time — one fewer than the machine's cores —
 * and the rest wait their turn: bcrypt runs on libuv's four threads, and four
 * at once on two cores left nothing for the requests around them (a burst of
 * sign-ins at a shift change held every desk action for seconds:
 * bench/hospitalHour.ts). A sign-in waits instead; nobody else does.
 */
import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';

export const PRODUCTION_BCRYPT_COST = 12;

let cost = PRODUCTION_BCRYPT_COST;

/** Set once at start-up from BCRYPT_COST (src/server.ts, the CLIs, the test setup). */
export function setBcryptCost(value: number): void {
  if (!Number.isInteger(value) || value < 4 || value > 15) throw new Error(`bcrypt cost must be a whole number from 4 to 15, not ${value}`);
  cost = value;
}

export function hashPassword(plain: string): Promise<string> {
  return inTurn(() => bcrypt.hash(plain, cost));
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return inTurn(() => bcrypt.compare(plain, hash));
}

export const PASSWORD_WORK_AT_ONCE = Math.max(1, availableParallelism() - 1);
let working = 0;
const waiting: Array<() => void> = [];

/** Hashes being worked out now, and those waiting their turn (what the tests check). */
export function passwordWork(): { working: number; waiting: number } {
  return { working, waiting: waiting.length };
}

/** Runs `work` when fewer than PASSWORD_WORK_AT_ONCE hashes are being worked out; first come, first served. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (working >= PASSWORD_WORK_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else working += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line (working stays the same), or is freed.
    const next = waiting.shift();
    if (next) next();
    else working -= 1;
  }
}
