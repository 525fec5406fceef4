/**
 * A ward's gender and age rules: a female patient is not put in the male
 * general ward, a child not in the geriatric ward, without someone saying why
 * (a full ward at night, an isolation bed). The reason is kept on the bed stay.
 */
import type { Gender, WardAdmits } from '@prisma/client';
import { ValidationFailed } from '../../errors.js';

export interface WardRule {
  name: string;
  admits: WardAdmits;
  minAgeYears: number | null;
  maxAgeYears: number | null;
}

export interface Occupant {
  gender: Gender;
  dateOfBirth: Date | null;
}

/** Whole years of age on `at` (a birthday today counts). */
export function ageInYears(dateOfBirth: Date, at: Date): number {
  const years = at.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const birthdayPassed =
    at.getUTCMonth() > dateOfBirth.getUTCMonth() ||
    (at.getUTCMonth() === dateOfBirth.getUTCMonth() && at.getUTCDate() >= dateOfBirth.getUTCDate());
  return birthdayPassed ? years : years - 1;
}

const GENDER_WORD: Record<WardAdmits, string> = { ANYONE: 'patients', MALE: 'male patients', FEMALE: 'female patients' };

/** Why this patient does not fit the ward, or null when they do (an unknown age passes the age limits). */
export function wardRuleBreach(ward: WardRule, patient: Occupant, at: Date): string | null {
  if (ward.admits !== 'ANYONE' && patient.gender !== ward.admits) {
    return `${ward.name} takes only ${GENDER_WORD[ward.admits]}`;
  }
  if (!patient.dateOfBirth) return null;
  const age = ageInYears(patient.dateOfBirth, at);
  if (ward.minAgeYears !== null && age < ward.minAgeYears)
    return `${ward.name} takes patients from ${ward.minAgeYears} years (this patient is ${age})`;
  if (ward.maxAgeYears !== null && age > ward.maxAgeYears)
    return `${ward.name} takes patients up to ${ward.maxAgeYears} years (this patient is ${age})`;
  return null;
}

/**
 * Refuses a bed against the ward's rule unless the staff member gave a reason;
 * returns the reason to keep on the stay (null when the rule is met).
 */
export function checkWardRule(ward: WardRule, patient: Occupant, override: string | undefined, at: Date): string | null {
  const breach = wardRuleBreach(ward, patient, at);
  if (!breach) return null;
  if (override) return override;
  throw new ValidationFailed(`${breach}. Choose a bed in another ward, or give the reason for this bed.`, [
    { path: 'wardRuleOverride', message: `${breach}: give the reason to admit here anyway` },
  ]);
}
