/**
 * Staff and patient-portal passwords are stored only as bcrypt hashes.
 * Cost 12 takes ~250 ms per hash here: slow for an attacker with a stolen
 * table, still quick enough for a login.
 */
import bcrypt from 'bcrypt';

export const BCRYPT_COST = 12;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}
