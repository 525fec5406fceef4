import { z } from 'zod';

/** A record id as it arrives from a form or a URL ("42" or 42). */
export const recordId = z.coerce.number({ error: 'expected a number' }).int().positive('expected a positive id');
