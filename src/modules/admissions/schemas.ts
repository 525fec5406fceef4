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
});
export type AdmitPatient = z.infer<typeof admitPatientSchema>;

export const transferSchema = z.object({ admissionId: id, toBedId: id });
export const dischargeSchema = z.object({
  admissionId: id,
  summary: z.string().trim().min(10, 'Write a discharge summary (at least 10 characters)').max(10_000),
});
export const bedIdSchema = z.object({ bedId: id });
