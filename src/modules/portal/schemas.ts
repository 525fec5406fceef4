/**
 * Which of their details a patient may change from the portal: contact
 * details only. Name, date of birth and phone identify the patient and are
 * changed at the front desk (with the duplicate check and the audit trail).
 */
import { z } from 'zod';
import { GST_STATES } from '../billing/gstCodes.js';
import { phone } from '../patientAuth/schemas.js';

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const profileChangeSchema = z.strictObject({
  email: optional(
    z
      .email('Enter a valid e-mail address')
      .max(200)
      .transform((e) => e.toLowerCase()),
  ),
  addressLine: optional(z.string().trim().max(200)),
  city: optional(z.string().trim().max(80)),
  // The same list the desk picks from (patients/details.ts).
  stateCode: optional(z.string().refine((code) => Boolean(GST_STATES[code]), 'Two-digit GST state code of an Indian state, e.g. 27')),
  pincode: optional(z.string().regex(/^\d{6}$/, 'Six-digit PIN code')),
  emergencyContactName: optional(z.string().trim().max(120)),
  emergencyContactPhone: optional(phone),
});

export type ProfileChange = z.infer<typeof profileChangeSchema>;
