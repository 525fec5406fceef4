/**
 * Is this patient already registered? Asked before a new record is made at
 * the desk, so one person does not end up with two files (a bill on one, a
 * lab result on the other, and the portal showing neither). A candidate is a
 * record with the same phone and the same date of birth, or — when either
 * birthday is unknown — a close name (pg_trgm similarity ≥ 0.5: "Kavya
 * Shinde" ~ "Kaavya Shinde"). Families share a phone and a surname, so two
 * known, different birthdays on one phone are two people.
 */
import { Prisma } from '@prisma/client';
import type { DbOrTx } from '../../config/db.js';
import { ValidationFailed } from '../../errors.js';
import { istText } from '../../time.js';

export interface DuplicateCandidate {
  id: number;
  uhid: string;
  name: string;
  dateOfBirth: Date | null;
  phone: string;
}

export interface NewPatientIdentity {
  name: string;
  /** E.164, as cleanPatientDetails stores it. */
  phone: string;
  dateOfBirth?: Date | null;
}

/** How alike two names must be (pg_trgm similarity, 0–1) to count as the same person. */
export const CLOSE_NAME = 0.5;
const MAX_CANDIDATES = 5;

export async function findPossibleDuplicates(db: DbOrTx, who: NewPatientIdentity): Promise<DuplicateCandidate[]> {
  // As the calendar day itself: a Date would be turned into a day in the session's time zone.
  const born = who.dateOfBirth ? who.dateOfBirth.toISOString().slice(0, 10) : null;
  // The (phone, dateOfBirth) index finds the phone's few records; the name is compared on those.
  return db.$queryRaw<DuplicateCandidate[]>(Prisma.sql`
    SELECT id, uhid, name, "dateOfBirth", phone FROM "Patient"
    WHERE phone = ${who.phone} AND "mergedIntoId" IS NULL
      AND ("dateOfBirth" = ${born}::date
           OR ((${born}::date IS NULL OR "dateOfBirth" IS NULL)
               AND similarity(lower(name), lower(${who.name.trim()})) >= ${CLOSE_NAME}))
    ORDER BY id LIMIT ${MAX_CANDIDATES}`);
}

/** The candidates as the clerk reads them: "Kavya Shinde · PH-000123, born 01-Jan-1990". */
export function describeCandidates(candidates: DuplicateCandidate[]): string {
  return candidates.map((c) => `${c.name} · ${c.uhid}${c.dateOfBirth ? `, born ${istText(c.dateOfBirth, true)}` : ''}`).join('; ');
}

/** The form field by which a clerk registers a patient the check matched, knowingly. */
export const REGISTER_ANYWAY = 'registerAnyway';

/**
 * Refuses a new registration that matches an existing patient, unless the
 * clerk chose to register anyway; the refusal names the candidates and sits
 * on the phone and on the choice (any door maps `details` to its fields).
 */
export async function refuseLikelyDuplicate(db: DbOrTx, who: NewPatientIdentity, registerAnyway: boolean): Promise<void> {
  if (registerAnyway) return;
  const candidates = await findPossibleDuplicates(db, who);
  if (candidates.length === 0) return;
  const message = `Possibly already registered: ${describeCandidates(candidates)}. Open that record (search its UHID), or tick “Register as a new patient anyway”.`;
  throw new ValidationFailed(message, [
    { path: 'phone', message },
    { path: REGISTER_ANYWAY, message },
  ]);
}
