import { z } from 'zod';

/** At least 8 characters with a letter and a digit: staff open patient records with it. */
export const staffPasswordSchema = z
  .string()
  .min(8, 'The password must be at least 8 characters long')
  .max(128, 'The password must be at most 128 characters long')
  .regex(/[A-Za-z]/, 'The password must contain a letter')
  .regex(/\d/, 'The password must contain a digit');
