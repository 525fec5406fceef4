/**
 * Which admissions and beds a step applies to: checked by the admissions
 * service, read by the back-office to offer its buttons.
 */
import type { AdmissionStatus, BedStatus } from '@prisma/client';

/** Billing, deposits, transfers and discharge apply to a patient still in the ward. */
export const OPEN_ADMISSION: AdmissionStatus = 'ADMITTED';
/** A bed is made ready again after cleaning or maintenance. */
export const BED_READY_FROM: readonly BedStatus[] = ['CLEANING', 'MAINTENANCE'];

export const admissionIsOpen = (admission: { status?: unknown }) => admission.status === OPEN_ADMISSION;
export const bedCanBeMadeReady = (bed: { status?: unknown }) => (BED_READY_FROM as readonly unknown[]).includes(bed.status);
