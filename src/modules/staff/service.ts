/**
 * Staff sign-in for the back-office: bcrypt passwords, a generic answer for
 * any wrong email/password, lockout after a burst of failures per IP and per
 * account, and every attempt in the audit trail.
 */
import type { Role } from '@prisma/client';
import type { Db } from '../../config/db.js';
import type { Logger } from '../../config/logger.js';
import { DomainError, ValidationFailed } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import { clearAccountFailures, lockedMinutesLeft, recordLoginFailure, throttleKeys } from './loginThrottle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { staffPasswordSchema } from './schemas.js';

/** What the session keeps about a signed-in staff member (no secrets). */
export interface StaffIdentity {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface LoginAttempt {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}

export class LoginLocked extends DomainError {
  constructor(minutes: number) {
    super(429, 'LOGIN_LOCKED', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
}

// Compared against when the email is unknown, so that answer takes as long as
// a wrong password and does not reveal which emails are staff accounts.
let unknownUserHash: Promise<string> | undefined;
const hashForUnknownUser = () => (unknownUserHash ??= hashPassword('no such staff member'));

export async function signInStaff(db: Db, logger: Logger, attempt: LoginAttempt): Promise<StaffIdentity | null> {
  const email = attempt.email.trim().toLowerCase();
  const keys = throttleKeys(attempt.ip, email);
  const minutes = await lockedMinutesLeft(db, keys);
  if (minutes > 0) throw new LoginLocked(minutes);

  const user = await db.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(attempt.password, user?.passwordHash ?? (await hashForUnknownUser()));
  const actor = { userId: user?.id ?? null, ip: attempt.ip, userAgent: attempt.userAgent };

  if (!user || !user.isActive || !passwordOk) {
    const locked = await recordLoginFailure(db, keys);
    await recordAudit(db, actor, { action: 'LOGIN_FAILED', model: 'User', recordId: user ? String(user.id) : null, after: { email } });
    if (locked.length > 0) logger.warn('staff sign-in locked after repeated failures', { locked, ip: attempt.ip });
    return null;
  }

  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(tx, actor, { action: 'LOGIN', model: 'User', recordId: String(user.id), after: null });
  });
  await clearAccountFailures(db, email);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Checks a new staff password against the policy and returns its bcrypt hash. */
export async function hashNewStaffPassword(plain: unknown): Promise<string> {
  const parsed = staffPasswordSchema.safeParse(plain);
  if (!parsed.success) throw new ValidationFailed(parsed.error.issues[0]?.message ?? 'Invalid password');
  return hashPassword(parsed.data);
}

/** Administrators who can approve a refund, by name. */
export function activeAdministrators(db: Db) {
  return db.user.findMany({ where: { role: 'ADMIN', isActive: true }, orderBy: { name: 'asc' } });
}
