/**
 * Dosing as Indian prescriptions write it, and the quantity it comes to:
 * "1-0-1" (morning–afternoon–night; "1-1-1-1" with a bedtime dose, halves as
 * "½-0-½" or "0.5"), OD / BD / TDS / QID / HS, SOS (when needed: no fixed
 * count), STAT (once, now); duration in days, weeks or months.
 */

export interface Frequency {
  /** What the prescription prints: "1-0-1", "SOS". */
  notation: string;
  /** Doses (in units of the dose) a day; null for SOS. */
  perDay: number | null;
  /** A single dose now, nothing after. */
  once: boolean;
  /** The day's doses in order, for the ward's administration times (1-0-1 → [1, 0, 1]). */
  pattern: number[] | null;
  words: string;
}

const ABBREVIATIONS: Record<string, { pattern: number[]; words: string }> = {
  OD: { pattern: [1, 0, 0], words: 'once a day' },
  QD: { pattern: [1, 0, 0], words: 'once a day' },
  HS: { pattern: [0, 0, 1], words: 'at bedtime' },
  BD: { pattern: [1, 0, 1], words: 'twice a day' },
  BID: { pattern: [1, 0, 1], words: 'twice a day' },
  TDS: { pattern: [1, 1, 1], words: 'three times a day' },
  TID: { pattern: [1, 1, 1], words: 'three times a day' },
  QID: { pattern: [1, 1, 1, 1], words: 'four times a day' },
};

const PART = /^(\d+(\.\d+)?|½|¼|¾|1½)$/;
const FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '1½': 1.5 };

export class NotAFrequency extends Error {}

export function parseFrequency(written: string): Frequency {
  const text = written.trim().toUpperCase().replace(/\s+/g, '');
  if (text === 'SOS' || text === 'PRN') return { notation: 'SOS', perDay: null, once: false, pattern: null, words: 'when needed' };
  if (text === 'STAT') return { notation: 'STAT', perDay: 1, once: true, pattern: null, words: 'once, now' };
  const abbreviation = ABBREVIATIONS[text];
  if (abbreviation) {
    const perDay = abbreviation.pattern.reduce((a, b) => a + b, 0);
    return { notation: text, perDay, once: false, pattern: abbreviation.pattern, words: abbreviation.words };
  }
  const parts = text.split('-');
  if (parts.length < 3 || parts.length > 4 || !parts.every((p) => PART.test(p))) {
    throw new NotAFrequency(`"${written}" is not a dosing pattern: write it as 1-0-1, 1-1-1, 0-0-1, OD, BD, TDS, SOS or STAT`);
  }
  const pattern = parts.map((p) => FRACTIONS[p] ?? Number(p));
  const perDay = pattern.reduce((a, b) => a + b, 0);
  if (perDay === 0 || pattern.some((dose) => dose > 10)) throw new NotAFrequency(`"${written}" gives no dose, or too large a dose`);
  return { notation: parts.join('-'), perDay, once: false, pattern, words: patternWords(pattern) };
}

const SLOTS = ['morning', 'afternoon', 'night', 'bedtime'];
const DOSE_TEXT: Record<number, string> = { 0.25: '¼', 0.5: '½', 0.75: '¾', 1.5: '1½' };

/** [1, 0, 1] → "morning and night"; [0.5, 0, 0.5] → "½ morning and ½ night" — as a patient reads it. */
function patternWords(pattern: number[]): string {
  const doses = pattern.flatMap((dose, i) => (dose > 0 ? [{ dose, slot: SLOTS[i] ?? '' }] : []));
  const allOne = doses.every((d) => d.dose === 1);
  const parts = doses.map((d) => (allOne ? d.slot : `${DOSE_TEXT[d.dose] ?? d.dose} ${d.slot}`));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}

const DURATION = /^(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|month|months)?$/i;

/** "5 days", "2 weeks", "1 month" (30 days), "10" (days) → days. */
export function durationDays(written: string): number {
  const match = DURATION.exec(written.trim());
  if (!match) throw new NotAFrequency(`"${written}" is not a duration: write it as 5 days, 2 weeks or 1 month`);
  const count = Number(match[1]);
  const unit = (match[2] ?? 'd').toLowerCase();
  const days = unit.startsWith('w') ? count * 7 : unit.startsWith('m') ? count * 30 : count;
  if (days < 1 || days > 365) throw new NotAFrequency('A course runs from 1 day to a year');
  return days;
}

/**
 * Units to dispense for a course: doses a day × days, whole units rounded up
 * (half tablets are still cut from whole ones). SOS gives none by itself: the
 * doctor writes how many.
 */
export function quantityFor(frequency: Frequency, days: number, unitsPerDose = 1): number | null {
  if (frequency.once) return Math.ceil(unitsPerDose);
  if (frequency.perDay === null) return null;
  return Math.ceil(frequency.perDay * days * unitsPerDose - 1e-9);
}
