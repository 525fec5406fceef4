/** What the patient API's sign-up and sign-in forms accept (unknown fields are refused). */
import { z } from 'zod';
import { EARLIEST_YEAR, LATEST_YEAR } from '../ids.js';
import { indianPhone } from '../imports/normalize.js';

/** 10 to 72 characters (bcrypt reads 72 bytes), with a letter and a digit. */
export const newPassword = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(72, 'Use at most 72 characters')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'Use letters and at least one digit');

export const phone = z.string().transform((value, ctx) => {
  try {
    const normalized = indianPhone(value);
    if (normalized) return normalized;
  } catch {
    /* reported below */
  }
  ctx.addIssue({ code: 'custom', message: 'Enter a 10-digit Indian mobile number' });
  return z.NEVER;
});

export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'Enter a real date')
  .refine(
    (d) => Number(d.slice(0, 4)) >= EARLIEST_YEAR && Number(d.slice(0, 4)) <= LATEST_YEAR,
    `Enter a year from ${EARLIEST_YEAR} to ${LATEST_YEAR}`,
  );

const email = z
  .email('Enter a valid e-mail address')
  .max(200)
  .transform((e) => e.toLowerCase());

export const registerSchema = z.strictObject({
  name: z.string().trim().min(2, 'Enter your full name').max(120),
  phone,
  email,
  dateOfBirth: calendarDay.refine((d) => d <= new Date().toISOString().slice(0, 10), 'The date of birth cannot be in the future'),
  gender: z.enum(['MALE', 'FEMALE', 'OTHER']).optional(),
  password: newPassword,
});

export const loginSchema = z.strictObject({ email, password: z.string().min(1, 'Enter your password').max(200) });
export const refreshSchema = z.strictObject({ refreshToken: z.string().min(20, 'Send the refresh token').max(200) });
export const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword });
export const forgotSchema = z.strictObject({ email });
export const resetSchema = z.strictObject({ token: z.string().min(20, 'The reset link is incomplete').max(200), newPassword });
