import { z } from 'zod';
import { recordId } from '../ids.js';
import { depositMoneySchema } from '../payments/service.js';

const id = recordId;

export const admitPatientSchema = z.object({
  patientId: id,
  bedId: id,
  doctorId: id,
  diagnosis: z.string().trim().max(1000).optional(),
  deposit: depositMoneySchema.optional(),
  /** Why the patient goes to a ward whose gender or age rule they do not meet (admissions/wardRules.ts). */
  wardRuleOverride: z.string().trim().min(5, 'Say why this ward (at least 5 characters)').max(500).optional(),
});
export type AdmitPatient = z.infer<typeof admitPatientSchema>;

export const transferSchema = z.object({
  admissionId: id,
  toBedId: id,
  wardRuleOverride: z.string().trim().min(5, 'Say why this ward (at least 5 characters)').max(500).optional(),
});
export const dischargeSchema = z.object({
  admissionId: id,
  summary: z.string().trim().min(10, 'Write a discharge summary (at least 10 characters)').max(10_000),
});
export const bedIdSchema = z.object({ bedId: id });
export const admissionIdSchema = z.object({ admissionId: id });
export const creditPendingSchema = z.object({
  admissionId: id,
  reason: z.string().trim().min(5, 'Say why the bill may stay open (e.g. "Cashless claim 12345 with Star Health")').max(500),
});
