/**
 * The one place where a refused operation becomes an AdminJS notice. The
 * meaning of an error is the HTTP door's (src/http/middleware/errors.ts): a
 * client's mistake or a lost race is shown to the clerk as it is worded;
 * anything else — a database that is down (503), our own bug (500) — is
 * rethrown to the app's error handler.
 */
import type { NoticeMessage } from 'adminjs';
import { toHttpAnswer } from '../src/http/middleware/errors.js';

export function noticeFor(error: unknown): NoticeMessage {
  const known = toHttpAnswer(error);
  if (known && known.status < 500) return { message: known.body.error.message, type: 'error' };
  throw error;
}
