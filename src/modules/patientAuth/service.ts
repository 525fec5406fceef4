/**
 * Patient-portal accounts: opening one once the phone is proven (linking the
 * hospital's existing record when phone and date of birth match, instead of a
 * duplicate: see signup.ts), sign-in,
 * refresh-token rotation with reuse detection, sign-out, password change and
 * reset. Passwords are bcrypt hashes on the Patient row; refresh and reset
 * tokens are stored only as SHA-256.
 */
import { findPossibleDuplicates } from '../patients/duplicates.js';
import { randomUUID } from 'node:crypto';
import { Prisma, type Gender } from '@prisma/client';
import { queryRows, type Db } from '../../config/db.js';
import { Conflict, DomainError } from '../../errors.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { hashPassword, verifyPassword } from '../staff/passwords.js';
import { changePasswordSchema, forgotSchema, loginSchema, refreshSchema, resetSchema } from './schemas.js';
import { hashToken, opaqueToken, type AccessTokens } from './tokens.js';

export const REFRESH_TOKEN_DAYS = 30;
export const RESET_TOKEN_MINUTES = 30;

export class InvalidCredentials extends DomainError {
  constructor(message = 'Wrong e-mail or password') {
    super(401, 'INVALID_CREDENTIALS', message);
  }
}

export class InvalidToken extends DomainError {
  constructor(message = 'Please sign in again') {
    super(401, 'INVALID_TOKEN', message);
  }
}

/** How a reset link reaches the patient (SMS or e-mail later); the logging one is for now. */
export interface ResetLinkSender {
  send(to: { patientId: number; email: string; name: string }, link: string): Promise<void>;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  patient: { id: number; uhid: string; name: string };
}

export interface AuthDeps {
  db: Db;
  tokens: AccessTokens;
  now?: () => Date;
}

const clock = (deps: AuthDeps) => (deps.now ?? (() => new Date()))();

/** A new session: a refresh token of the family (a new one by default) and an access token. */
export async function startSession(deps: AuthDeps, patient: { id: number; uhid: string; name: string }, familyId: string = randomUUID()) {
  const refresh = opaqueToken();
  const expiresAt = new Date(clock(deps).getTime() + REFRESH_TOKEN_DAYS * 86_400_000);
  // One raw INSERT that reads nothing back: Prisma's create compiled it and returned the row, on every sign-in.
  await queryRows(
    deps.db,
    Prisma.sql`INSERT INTO "PatientRefreshToken" ("patientId", "familyId", "tokenHash", "expiresAt") VALUES (${patient.id}, ${familyId}::uuid, ${refresh.hash}, ${expiresAt})`,
  );
  const accessToken = await deps.tokens.sign(patient.id);
  return {
    accessToken,
    refreshToken: refresh.token,
    expiresIn: 15 * 60,
    patient: { id: patient.id, uhid: patient.uhid, name: patient.name },
  };
}

/**
 * Opens the portal account of a sign-up whose phone was proven
 * (src/modules/patientAuth/signup.ts). The hospital's record with the same
 * phone and date of birth (and no account yet) becomes the account; otherwise
 * a new record. Concurrent sign-ups of one person take turns (advisory lock on
 * phone + DOB). The caller's transaction is used, so proof and account are one.
 */
export async function openPortalAccount(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  form: { name: string; phone: string; email: string; dateOfBirth: Date; gender: Gender | null; passwordHash: string },
) {
  const day = form.dateOfBirth.toISOString().slice(0, 10);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`portal-register:${form.phone}:${day}`}))`;
  const exact = await tx.patient.findFirst({
    where: { phone: form.phone, dateOfBirth: form.dateOfBirth, mergedIntoId: null },
    orderBy: { id: 'asc' },
  });
  // A desk record without a birthday, on the proven phone, under a close name (patients/duplicates.ts) is
  // the same person: linked, its birthday filled in, instead of a second file that hides the first's bills.
  const likely = exact ? [] : await findPossibleDuplicates(tx, form);
  const existing = exact ?? (likely.length === 1 && likely[0] ? await tx.patient.findUnique({ where: { id: likely[0].id } }) : null);
  if (existing?.portalEnabled)
    throw new Conflict('ACCOUNT_EXISTS', 'An account already exists for this phone and date of birth: sign in or reset the password');
  const account = { portalPasswordHash: form.passwordHash, portalEnabled: true, email: form.email };
  const record = existing
    ? await tx.patient.update({ where: { id: existing.id }, data: { ...account, dateOfBirth: existing.dateOfBirth ?? form.dateOfBirth } })
    : await tx.patient.create({
        data: { name: form.name, phone: form.phone, dateOfBirth: form.dateOfBirth, gender: form.gender ?? 'OTHER', ...account },
      });
  await recordAudit(tx, actor, {
    action: 'ACTION',
    model: 'Patient',
    recordId: String(record.id),
    after: {
      operation: existing ? 'portal sign-up (linked to existing record, phone proven)' : 'portal sign-up (phone proven)',
      uhid: record.uhid,
    },
  });
  return record;
}

/** The partial unique index on portal e-mails, in words. */
export function emailTakenAsConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new Conflict('EMAIL_TAKEN', 'This e-mail address is already used by another account');
  }
  throw error;
}

let dummyHash: Promise<string> | undefined;

/** The SQL that finds a portal account by e-mail: the form the unique index Patient_portal_email_key answers. */
export const portalEmailLookup = (email: string) =>
  Prisma.sql`SELECT id, uhid, name, "portalPasswordHash" FROM "Patient" WHERE lower("email") = lower(${email}) AND "portalEnabled" LIMIT 1`;

/**
 * A portal account by e-mail, case-insensitively, through the index on lower(email)
 * (Prisma's `mode: 'insensitive'` becomes ILIKE, which no index answers: 310 ms at
 * 200,000 portal accounts, measured for issue #15).
 */
async function portalAccountByEmail(db: Db, email: string) {
  // What a sign-in needs, in the lookup itself (it was the id, then Prisma's read of the whole row).
  const [row] = await queryRows<{ id: number; uhid: string; name: string; portalPasswordHash: string | null }>(
    db,
    portalEmailLookup(email),
  );
  return row ?? null;
}

export async function signInPatient(deps: AuthDeps, input: unknown): Promise<Session> {
  const { email, password } = loginSchema.parse(input);
  const patient = await portalAccountByEmail(deps.db, email);
  // Compare against a real hash even when there is no account, so the answer takes as long either way.
  dummyHash ??= hashPassword('no account has this password 0');
  const ok = await verifyPassword(password, patient?.portalPasswordHash ?? (await dummyHash));
  if (!patient || !ok) throw new InvalidCredentials();
  return startSession(deps, patient);
}

/**
 * Swaps a refresh token for a new pair. The old token is spent by an UPDATE
 * that only one request can win; a spent token presented again means it was
 * copied: the whole family is revoked and the patient must sign in again.
 */
export async function refreshSession(deps: AuthDeps, input: unknown): Promise<Session> {
  const { refreshToken } = refreshSchema.parse(input);
  const tokenHash = hashToken(refreshToken);
  const now = clock(deps);
  const spent = await deps.db.patientRefreshToken.updateMany({
    where: { tokenHash, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  const token = await deps.db.patientRefreshToken.findUnique({ where: { tokenHash }, include: { patient: true } });
  if (!token) throw new InvalidToken();
  if (spent.count === 0) {
    if (token.revokedAt)
      await deps.db.patientRefreshToken.updateMany({ where: { familyId: token.familyId, revokedAt: null }, data: { revokedAt: now } });
    throw new InvalidToken();
  }
  if (!token.patient.portalEnabled) throw new InvalidToken();
  return startSession(deps, token.patient, token.familyId);
}

/** Ends the session the refresh token belongs to (its whole family). Unknown tokens are ignored. */
export async function signOutPatient(deps: AuthDeps, input: unknown): Promise<void> {
  const { refreshToken } = refreshSchema.parse(input);
  const token = await deps.db.patientRefreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) } });
  if (token)
    await deps.db.patientRefreshToken.updateMany({
      where: { familyId: token.familyId, revokedAt: null },
      data: { revokedAt: clock(deps) },
    });
}

/** A new password; every session of the patient ends (they sign in again elsewhere). */
export async function changePatientPassword(deps: AuthDeps, actor: AuditActor, patientId: number, input: unknown): Promise<void> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const patient = await deps.db.patient.findUnique({ where: { id: patientId } });
  if (!patient?.portalPasswordHash || !(await verifyPassword(currentPassword, patient.portalPasswordHash))) {
    throw new InvalidCredentials('The current password is wrong');
  }
  await setPassword(deps, actor, patientId, newPassword, 'portal password changed');
}

async function setPassword(deps: AuthDeps, actor: AuditActor, patientId: number, password: string, operation: string) {
  const portalPasswordHash = await hashPassword(password);
  await deps.db.$transaction(async (tx) => {
    await tx.patient.update({ where: { id: patientId }, data: { portalPasswordHash } });
    await tx.patientRefreshToken.updateMany({ where: { patientId, revokedAt: null }, data: { revokedAt: clock(deps) } });
    await recordAudit(tx, actor, { action: 'ACTION', model: 'Patient', recordId: String(patientId), after: { operation } });
  });
}

/** Sends a reset link when the account exists; the answer never says whether it does. */
export async function requestPasswordReset(deps: AuthDeps & { sender: ResetLinkSender; appUrl: string }, input: unknown): Promise<void> {
  const { email } = forgotSchema.parse(input);
  const patient = await portalAccountByEmail(deps.db, email);
  if (!patient) return;
  const reset = opaqueToken();
  await deps.db.patientPasswordReset.create({
    data: { patientId: patient.id, tokenHash: reset.hash, expiresAt: new Date(clock(deps).getTime() + RESET_TOKEN_MINUTES * 60_000) },
  });
  const link = `${deps.appUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(reset.token)}`;
  await deps.sender.send({ patientId: patient.id, email, name: patient.name }, link);
}

/** Sets the password from a reset link: once, before it expires; every session ends. */
export async function resetPassword(deps: AuthDeps, actor: AuditActor, input: unknown): Promise<void> {
  const { token, newPassword } = resetSchema.parse(input);
  const now = clock(deps);
  const tokenHash = hashToken(token);
  const used = await deps.db.patientPasswordReset.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (used.count === 0) throw new InvalidToken('This reset link is invalid, used or expired: ask for a new one');
  const reset = await deps.db.patientPasswordReset.findUniqueOrThrow({ where: { tokenHash } });
  await setPassword(deps, actor, reset.patientId, newPassword, 'portal password reset');
}

/** The reset sender for now: writes the link to the log outside production (never the token in production). */
export function loggingResetSender(
  logger: { info(message: string, meta?: object): void; warn(message: string, meta?: object): void },
  production: boolean,
): ResetLinkSender {
  return {
    send: async (to, link) => {
      if (production) logger.warn('password reset requested, but no SMS/e-mail channel is configured', { patientId: to.patientId });
      else logger.info('password reset link (development: no SMS/e-mail channel yet)', { patientId: to.patientId, link });
    },
  };
}
