import { z } from 'zod';
import { recordId } from '../ids.js';

const id = recordId;
const bound = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => v === '' || /^-?\d+(\.\d+)?$/.test(v), { message: 'expected a number' })
  .optional();

export const orderLabTestSchema = z
  .object({ patientId: id, labTestId: id, appointmentId: id.optional(), admissionId: id.optional(), encounterId: id.optional() })
  .refine((o) => !(o.appointmentId && o.admissionId), { message: 'Order from an OPD visit or an admission, not both' });

export const labOrderIdSchema = z.object({ labOrderId: id });
export const cancelLabOrderSchema = z.object({ labOrderId: id, reason: z.string().trim().min(3, 'Give a reason for cancelling').max(500) });

export const enterResultsSchema = z.object({
  labOrderId: id,
  results: z
    .array(
      z.object({
        parameter: z.string().trim().min(1, 'Name the parameter').max(100),
        value: z.string().trim().min(1, 'Enter the result').max(500),
        unit: z.string().trim().max(30).optional(),
        refRangeLow: bound,
        refRangeHigh: bound,
      }),
    )
    .min(1, 'Enter at least one result'),
});
