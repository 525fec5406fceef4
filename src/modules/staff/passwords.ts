/**
 * Staff and patient-portal passwords are stored only as bcrypt hashes.
 * Cost 12 (the production default, BCRYPT_COST) takes ~250 ms per hash here:
 * slow for an attacker with a stolen table, still quick enough for a login.
 * Tests set the minimum (4), so no test leans on how fast this machine hashes.
 * A hash keeps its own cost: changing the setting never breaks a login.
 */
import bcrypt from 'bcrypt';

export const PRODUCTION_BCRYPT_COST = 12;

let cost = PRODUCTION_BCRYPT_COST;

/** Set once at start-up from BCRYPT_COST (src/server.ts, the CLIs, the test setup). */
export function setBcryptCost(value: number): void {
  if (!Number.isInteger(value) || value < 4 || value > 15) throw new Error(`bcrypt cost must be a whole number from 4 to 15, not ${value}`);
  cost = value;
}

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, cost);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}
