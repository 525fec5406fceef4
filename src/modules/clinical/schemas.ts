import { z } from 'zod';
import { recordId } from '../ids.js';

const id = recordId;
const note = (max: number) => z.string().trim().max(max).optional();
/** An ICD-10 code as typed (E11.9, e119): stored as the catalogue has it (E119). */
const icd10Code = z
  .string()
  .trim()
  .max(10)
  .transform((c) => c.replace('.', '').toUpperCase());

export const openVisitSchema = z.object({ appointmentId: id });
export const encounterIdSchema = z.object({ encounterId: id });

export const consultationNotesSchema = z.object({
  encounterId: id,
  chiefComplaints: note(2000),
  history: note(10_000),
  examination: note(10_000),
  advice: note(5000),
  followUpDate: z.iso.date('expected a date as YYYY-MM-DD').optional(),
});

export const addDiagnosisSchema = z
  .object({
    encounterId: id,
    /** E11.9 or E119. */
    code: icd10Code.optional(),
    text: note(500),
    certainty: z.enum(['PROVISIONAL', 'FINAL'], { error: 'Provisional or final' }).default('PROVISIONAL'),
  })
  .refine((d) => Boolean(d.code) || Boolean(d.text), { message: 'Choose a diagnosis from the catalogue or write it', path: ['code'] });

export const recordAllergySchema = z.object({
  patientId: id,
  kind: z.enum(['DRUG', 'FOOD', 'OTHER'], { error: 'Drug, food or other' }),
  substance: z.string().trim().min(2, 'Name what the patient is allergic to').max(120),
  reaction: note(300),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE'], { error: 'Mild, moderate or severe' }).default('MODERATE'),
});

export const recordConditionSchema = z.object({
  patientId: id,
  code: icd10Code.optional(),
  text: z.string().trim().min(2, 'Name the condition').max(200),
  since: z.iso.date('expected a date as YYYY-MM-DD').optional(),
});
