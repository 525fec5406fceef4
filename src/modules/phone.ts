/**
 * The one reading of an Indian phone number, for every door (desk forms, the
 * patient API, imports): to E.164 (+91…), so "98220 12345", "098220-12345" and
 * "+91 9822012345" are one number and searching for it finds it.
 */
export class NotAPhoneNumber extends Error {}

/** Accepts "+91 98765 43210", "098765-43210", "919876543210", "9876543210" and numbers stored as numbers. */
export function indianPhoneE164(value: string | number): string {
  const raw = (typeof value === 'number' ? value.toFixed(0) : value).trim();
  let digits = raw.replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(digits)) throw new NotAPhoneNumber(`"${raw}" is not a phone number`);
  digits = digits.replace(/^\+/, '');
  if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  else if (digits.length === 13 && digits.startsWith('091')) digits = digits.slice(3);
  if (digits.length !== 10 || digits.startsWith('0')) {
    throw new NotAPhoneNumber(`"${raw}" is not a 10-digit Indian phone number (with or without +91 or a leading 0)`);
  }
  return `+91${digits}`;
}
