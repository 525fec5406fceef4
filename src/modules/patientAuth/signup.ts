/**
 * Portal sign-up in two steps, so nobody can claim a patient's record by
 * knowing their phone number and birthday:
 *
 * 1. `startSignUp`: the form is checked and kept aside (the password already as
 *    its bcrypt hash), and a 6-digit one-time code goes by SMS to the phone.
 *    Nothing is created or linked; the answer is the same whether or not the
 *    hospital knows the number (no way to test who is a patient).
 * 2. `completeSignUp`: the right code within 10 minutes and 5 tries proves the
 *    phone; only then is the account opened (linking the record with the same
 *    phone and date of birth), in the same transaction that spends the code.
 *
 * Only the code's SHA-256 (salted with the sign-up id) is stored.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { DomainError } from '../../errors.js';
import type { AuditActor } from '../audit/service.js';
import type { SmsSender } from '../notifications/sms.js';
import { hashPassword } from '../staff/passwords.js';
import { registerSchema } from './schemas.js';
import { emailTakenAsConflict, openPortalAccount, startSession, type AuthDeps, type Session } from './service.js';

export const CODE_MINUTES = 10;
export const CODE_TRIES = 5;

export interface SignUpDeps extends AuthDeps {
  sms: SmsSender;
  /** The DLT template registered for the one-time-code message. */
  otpTemplateId: string | undefined;
  hospitalName: string;
}

export interface PendingSignUp {
  verificationId: string;
  /** The number the code went to, mostly hidden: +91•••••43210. */
  sentTo: string;
  expiresInSeconds: number;
}

export class CodeNotAccepted extends DomainError {
  constructor(message: string) {
    super(400, 'CODE_NOT_ACCEPTED', message, [{ path: 'code', message }]);
  }
}

export const verifySchema = z.strictObject({
  verificationId: z.uuid('Send the verificationId from the sign-up answer'),
  code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from the text message'),
});

const codeHash = (signUpId: string, code: string) => createHash('sha256').update(`${signUpId}:${code}`).digest('hex');
const hiddenPhone = (phone: string) => `${phone.slice(0, 3)}•••••${phone.slice(-5)}`;
const clock = (deps: AuthDeps) => (deps.now ?? (() => new Date()))();

/**
 * An unfinished sign-up holds a name, a phone, a birthday and a password hash of
 * someone who never became a patient: once its code has expired (and a day more,
 * for anyone looking into abuse) it is deleted. Runs at each sign-up and at start-up;
 * the expiresAt index keeps it one short range delete.
 */
export async function forgetUnfinishedSignUps(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.portalSignup.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
  return count;
}

export async function startSignUp(deps: SignUpDeps, input: unknown): Promise<PendingSignUp> {
  const form = registerSchema.parse(input);
  await forgetUnfinishedSignUps(deps.db, clock(deps));
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(clock(deps).getTime() + CODE_MINUTES * 60_000);
  await deps.db.portalSignup.create({
    data: {
      id,
      name: form.name,
      phone: form.phone,
      email: form.email,
      dateOfBirth: new Date(`${form.dateOfBirth}T00:00:00.000Z`),
      gender: form.gender ?? null,
      passwordHash: await hashPassword(form.password),
      codeHash: codeHash(id, code),
      expiresAt,
    },
  });
  await deps.sms.send({
    to: form.phone,
    templateId: deps.otpTemplateId,
    variables: { otp: code },
    text: `${code} is your ${deps.hospitalName} sign-up code. It is valid for ${CODE_MINUTES} minutes. Do not share it with anyone.`,
  });
  return { verificationId: id, sentTo: hiddenPhone(form.phone), expiresInSeconds: CODE_MINUTES * 60 };
}

/** Counts a wrong code on its own (committed even though the request then fails). */
async function countWrongCode(db: Db, id: string): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ attempts: number }>>`
    UPDATE "PortalSignup" SET "attempts" = "attempts" + 1 WHERE "id" = ${id}::uuid RETURNING "attempts"`;
  return row?.attempts ?? CODE_TRIES;
}

export async function completeSignUp(deps: SignUpDeps, actor: AuditActor, input: unknown): Promise<Session> {
  const { verificationId, code } = verifySchema.parse(input);
  const now = clock(deps);
  const expired = new CodeNotAccepted('This code has expired or was already used: sign up again for a new one');
  const pending = await deps.db.portalSignup.findUnique({ where: { id: verificationId } });
  if (!pending || pending.verifiedAt || pending.expiresAt <= now) throw expired;
  if (pending.attempts >= CODE_TRIES) throw new CodeNotAccepted('Too many wrong codes: sign up again for a new one');
  const right = timingSafeEqual(Buffer.from(codeHash(verificationId, code)), Buffer.from(pending.codeHash));
  if (!right) {
    const attempts = await countWrongCode(deps.db, verificationId);
    const left = Math.max(0, CODE_TRIES - attempts);
    throw new CodeNotAccepted(
      left > 0 ? `That code is not right: ${left} tries left` : 'Too many wrong codes: sign up again for a new one',
    );
  }
  const patient = await deps.db
    .$transaction(async (tx) => {
      // Spent by an UPDATE only one request can win: the same code typed twice opens one account.
      const spent = await tx.portalSignup.updateMany({
        where: { id: verificationId, verifiedAt: null, attempts: { lt: CODE_TRIES }, expiresAt: { gt: now } },
        data: { verifiedAt: now },
      });
      if (spent.count === 0) throw expired;
      return openPortalAccount(tx, actor, pending);
    })
    .catch(emailTakenAsConflict);
  return startSession(deps, patient);
}
