/**
 * The one place where a refused operation becomes an AdminJS notice: domain
 * errors and invalid input are shown to the clerk as they are worded;
 * anything unexpected is rethrown (logged, generic 500).
 */
import type { NoticeMessage } from 'adminjs';
import { ZodError } from 'zod';
import { DomainError } from '../src/errors.js';

export function noticeFor(error: unknown): NoticeMessage {
  if (error instanceof DomainError) return { message: error.message, type: 'error' };
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return { message: `${where}${first?.message ?? 'Some fields are missing or invalid'}`, type: 'error' };
  }
  throw error;
}
