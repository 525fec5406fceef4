/**
 * Turning what people type into registers into clean values. Each function
 * returns the clean value, or throws a CellProblem saying what was expected;
 * an empty cell is `undefined` (the row's schema decides if it is required).
 */
import { isRateInForce, slabList } from '../billing/rates.js';
import { indianPhoneE164, NotAPhoneNumber } from '../phone.js';

export class CellProblem extends Error {}

/** A cell as text: trimmed, inner runs of spaces collapsed; blank → undefined. */
export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const raw = value instanceof Date ? value.toISOString() : String(value);
  // Most cells are already tidy: the regular expression runs only when there is something to tidy.
  const s = /\s\s|[\t\n\r\u00a0]/.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw.trim();
  return s === '' || s === '-' ? undefined : s;
}

/**
 * An Indian mobile or landline to E.164 (+91…): accepts "+91 98765 43210",
 * "098765-43210", "919876543210", "9876543210" and numbers stored as numbers.
 */
export function indianPhone(value: unknown): string | undefined {
  const raw = text(typeof value === 'number' ? value.toFixed(0) : value);
  if (raw === undefined) return undefined;
  try {
    return indianPhoneE164(raw);
  } catch (error) {
    if (error instanceof NotAPhoneNumber) throw new CellProblem(error.message);
    throw error;
  }
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A calendar date (UTC midnight) from an Excel date, an Excel serial number,
 * or text as dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (Indian order; two-digit years
 * are 19xx/20xx by the nearest past) or yyyy-mm-dd.
 */
export function calendarDate(value: unknown, now = new Date()): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CellProblem('is not a date');
    // Excel dates arrive as UTC midnight of the day shown.
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 2_958_465) throw new CellProblem(`${value} is not a date`);
    return new Date(EXCEL_EPOCH_MS + value * DAY_MS);
  }
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (/^\d{5}$/.test(raw)) return calendarDate(Number(raw), now);
  let day: number, month: number, year: number;
  const indian = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(raw);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (indian) {
    [day, month, year] = [Number(indian[1]), Number(indian[2]), Number(indian[3])];
    if (indian[3]?.length === 2) {
      const century = 2000 + year > now.getUTCFullYear() ? 1900 : 2000;
      year += century;
    }
  } else if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    throw new CellProblem(`"${raw}" is not a date (expected dd/mm/yyyy)`);
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new CellProblem(`"${raw}" is not a real date (expected dd/mm/yyyy)`);
  }
  return date;
}

const GENDERS: Record<string, 'MALE' | 'FEMALE' | 'OTHER'> = {
  m: 'MALE',
  male: 'MALE',
  man: 'MALE',
  boy: 'MALE',
  mr: 'MALE',
  purush: 'MALE',
  f: 'FEMALE',
  female: 'FEMALE',
  woman: 'FEMALE',
  girl: 'FEMALE',
  mrs: 'FEMALE',
  ms: 'FEMALE',
  mahila: 'FEMALE',
  stree: 'FEMALE',
  o: 'OTHER',
  other: 'OTHER',
  t: 'OTHER',
  tg: 'OTHER',
  transgender: 'OTHER',
  others: 'OTHER',
};

export function gender(value: unknown): 'MALE' | 'FEMALE' | 'OTHER' | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const found = GENDERS[raw.toLowerCase().replace(/[^a-z]/g, '')];
  if (!found) throw new CellProblem(`"${raw}" is not a gender (expected Male, Female or Other, or M/F/O)`);
  return found;
}

const BLOOD_GROUPS: Record<string, string> = {
  'a+': 'A_POS',
  'a-': 'A_NEG',
  'b+': 'B_POS',
  'b-': 'B_NEG',
  'ab+': 'AB_POS',
  'ab-': 'AB_NEG',
  'o+': 'O_POS',
  'o-': 'O_NEG',
};

export function bloodGroup(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const key = raw
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(positive|pos|ve\+|\+ve)$/, '+')
    .replace(/(negative|neg|ve-|-ve)$/, '-');
  const found = BLOOD_GROUPS[key];
  if (!found) throw new CellProblem(`"${raw}" is not a blood group (expected A+, B-, AB+, O- …)`);
  return found;
}

/** Rupees as exact text with two decimals ("1,500" → "1500.00"); never a float. */
export function rupees(value: unknown): string | undefined {
  const raw = text(typeof value === 'number' ? String(value) : value);
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/^(₹|rs\.?|inr)\s*/i, '').replace(/,/g, '');
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) throw new CellProblem(`"${raw}" is not an amount in rupees (e.g. 1500 or 1500.50)`);
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** A whole number ≥ 0 ("1,200" → 1200). */
export function wholeNumber(value: unknown): number | undefined {
  const raw = text(typeof value === 'number' ? String(value) : value);
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/,/g, '');
  if (!/^\d{1,9}$/.test(cleaned)) throw new CellProblem(`"${raw}" is not a whole number`);
  return Number(cleaned);
}

/**
 * A GST rate in percent, one of the slabs in force on `on` (today: 0, 5, 18 or 40;
 * billing/rates.ts). "18%", "0.18" and "18.00" are accepted.
 */
export function gstRate(value: unknown, on: Date = new Date()): number | undefined {
  const raw = text(typeof value === 'number' ? String(value) : value);
  if (raw === undefined) return undefined;
  let rate = Number(raw.replace(/%$/, '').trim());
  if (Number.isFinite(rate) && rate > 0 && rate < 1) rate = Math.round(rate * 100);
  if (!Number.isFinite(rate) || !isRateInForce(rate, on))
    throw new CellProblem(`"${raw}" is not a GST rate in force today (expected ${slabList(on)})`);
  return rate;
}

export function email(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(lower)) throw new CellProblem(`"${raw}" is not an email address`);
  return lower;
}

/** A yes/no cell; blank → undefined. */
export function yesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const raw = text(value)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (['y', 'yes', 'true', '1', 'active', 'haan'].includes(raw)) return true;
  if (['n', 'no', 'false', '0', 'inactive', 'nahi'].includes(raw)) return false;
  throw new CellProblem(`"${raw}" is not yes or no`);
}
