import { z } from 'zod';
import { recordId } from '../ids.js';

const id = recordId;
const instant = z.coerce.date({ error: 'expected a date and time' });

export const bookAppointmentSchema = z.object({
  patientId: id,
  doctorId: id,
  slotStart: instant,
  reason: z.string().trim().max(500).optional(),
  isFollowUp: z.coerce.boolean().default(false),
  source: z.enum(['FRONT_DESK', 'PATIENT_PORTAL']).default('FRONT_DESK'),
});
export type BookAppointment = z.infer<typeof bookAppointmentSchema>;

export const rescheduleSchema = z.object({ appointmentId: id, slotStart: instant });
export const cancelSchema = z.object({ appointmentId: id, reason: z.string().trim().min(3, 'Give a reason for cancelling').max(500) });
export const appointmentIdSchema = z.object({ appointmentId: id });
export const freeSlotsSchema = z.object({
  doctorId: id,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
});
