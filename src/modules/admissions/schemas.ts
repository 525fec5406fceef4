import { z } from 'zod';
import { recordId } from '../ids.js';
import { positiveRupees } from '../money.js';

const id = recordId;

export const depositSchema = z.object({
  amount: positiveRupees,
  method: z.enum(['CASH', 'CARD', 'UPI'], { error: 'Deposits are taken in cash, by card or by UPI' }),
  reference: z.string().trim().max(100).optional(),
});

export const admitPatientSchema = z.object({
  patientId: id,
  bedId: id,
  doctorId: id,
  diagnosis: z.string().trim().max(1000).optional(),
  deposit: depositSchema.optional(),
});
export type AdmitPatient = z.infer<typeof admitPatientSchema>;

export const transferSchema = z.object({ admissionId: id, toBedId: id });
export const dischargeSchema = z.object({
  admissionId: id,
  summary: z.string().trim().min(10, 'Write a discharge summary (at least 10 characters)').max(10_000),
});
export const bedIdSchema = z.object({ bedId: id });
