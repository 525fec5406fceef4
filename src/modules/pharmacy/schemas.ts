import { z } from 'zod';
import { recordId } from '../ids.js';
import { positiveRupees } from '../money.js';

const id = recordId;
const units = z.coerce
  .number({ error: 'expected a number of units' })
  .int('expected whole units')
  .positive('The quantity must be at least 1');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const receiveStockSchema = z.object({
  drugId: id,
  batchNo: z.string().trim().min(1, 'Enter the batch number').max(50),
  expiryDate: day,
  quantity: units,
  mrp: positiveRupees,
  costPrice: positiveRupees,
});

export const dispenseSchema = z
  .object({ patientId: id, drugId: id, quantity: units, appointmentId: id.optional(), admissionId: id.optional() })
  .refine((d) => !(d.appointmentId && d.admissionId), { message: 'Dispense against an OPD visit or an admission, not both' });

export const returnSchema = z.object({ dispensationId: id, quantity: units });
export const adjustSchema = z.object({
  batchId: id,
  change: z.coerce
    .number()
    .int()
    .refine((n) => n !== 0, { message: 'The adjustment cannot be zero' }),
  reason: z.string().trim().min(5, 'Say why the stock is adjusted').max(500),
});
export const batchIdSchema = z.object({ batchId: id });
