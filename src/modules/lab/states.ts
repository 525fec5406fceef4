/**
 * From which states each step of a lab order may be taken: checked by the lab
 * service, read by the back-office to offer the button.
 */
import type { LabOrderStatus } from '@prisma/client';

export const LAB_STEPS = {
  collectSample: ['ORDERED'],
  enterResults: ['SAMPLE_COLLECTED', 'RESULT_ENTERED'],
  verifyResults: ['RESULT_ENTERED'],
  releaseResults: ['VERIFIED'],
  cancel: ['ORDERED', 'SAMPLE_COLLECTED'],
  /** A report prints once its results are verified; the patient sees it only once released. */
  printReport: ['VERIFIED', 'RELEASED'],
} as const satisfies Record<string, readonly LabOrderStatus[]>;

export type LabStep = keyof typeof LAB_STEPS;

export function labOrderAllows(step: LabStep, status: unknown): boolean {
  return (LAB_STEPS[step] as readonly string[]).includes(String(status));
}
