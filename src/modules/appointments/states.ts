/**
 * From which states each step of a visit may be taken: the one table the
 * service checks (requireStatus) and the back-office reads to offer a button.
 */
import type { AppointmentStatus } from '@prisma/client';

export const APPOINTMENT_STEPS = {
  reschedule: ['BOOKED'],
  cancel: ['BOOKED', 'CHECKED_IN'],
  checkIn: ['BOOKED'],
  markSeen: ['CHECKED_IN'],
  markNoShow: ['BOOKED'],
  printToken: ['CHECKED_IN', 'SEEN'],
} as const satisfies Record<string, readonly AppointmentStatus[]>;

export type AppointmentStep = keyof typeof APPOINTMENT_STEPS;

export function appointmentAllows(step: AppointmentStep, status: unknown): boolean {
  return (APPOINTMENT_STEPS[step] as readonly string[]).includes(String(status));
}
