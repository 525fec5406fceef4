/**
 * A patient's details as the front desk types them, made storable the way every
 * other door stores them: phones in E.164 (the normaliser the imports use), a
 * date of birth that is not in the future, a state that is one of the GST state codes. Refusals name their field.
 */
import { ValidationFailed } from '../../errors.js';
import { GST_STATES } from '../billing/gstCodes.js';
import { indianPhoneE164, NotAPhoneNumber } from '../phone.js';

const PHONE_FIELDS = ['phone', 'emergencyContactPhone'] as const;

export function cleanPatientDetails<T extends Record<string, unknown>>(data: T, now: Date = new Date()): T {
  const cleaned: Record<string, unknown> = { ...data };
  for (const field of PHONE_FIELDS) {
    const value = cleaned[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    try {
      cleaned[field] = indianPhoneE164(value);
    } catch (error) {
      if (error instanceof NotAPhoneNumber)
        throw new ValidationFailed(`${field}: ${error.message}`, [{ path: field, message: error.message }]);
      throw error;
    }
  }
  const state = cleaned.stateCode;
  if (typeof state === 'string' && state.trim() !== '' && !GST_STATES[state.trim()]) {
    const message = 'Choose the state from the list (its two-digit GST code, e.g. 27 for Maharashtra)';
    throw new ValidationFailed(`stateCode: ${message}`, [{ path: 'stateCode', message }]);
  }
  const born = cleaned.dateOfBirth;
  if (born instanceof Date && born.getTime() > now.getTime()) {
    const message = 'The date of birth cannot be in the future';
    throw new ValidationFailed(`dateOfBirth: ${message}`, [{ path: 'dateOfBirth', message }]);
  }
  return cleaned as T;
}
