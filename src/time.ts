/**
 * The hospital's calendar is India's: dates are stored in UTC and computed and
 * shown in Asia/Kolkata (UTC+05:30, no daylight saving) with these helpers.
 */
export const HOSPITAL_TIME_ZONE = 'Asia/Kolkata';
const IST_OFFSET_MS = 330 * 60_000;

/** The IST calendar day of an instant, as `YYYY-MM-DD`. */
export function istDate(at: Date = new Date()): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instants at which an IST calendar day (`YYYY-MM-DD`) starts and ends (end exclusive). */
export function istDayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${day}T00:00:00.000Z`) - IST_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 24 * 3600_000) };
}

/** Indian fiscal year (April–March) of an instant, e.g. "2026-27". */
export function fiscalYear(at: Date = new Date()): string {
  const [year, month] = istDate(at).split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Minutes after IST midnight for "HH:MM". */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an IST calendar day `YYYY-MM-DD`. */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The calendar day `YYYY-MM-DD` as the UTC-midnight Date that `@db.Date` columns hold. */
export function dateColumn(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

const istParts = new Intl.DateTimeFormat('en-US', {
  timeZone: HOSPITAL_TIME_ZONE,
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the hospital writes it: "03-Dec-2026 10:15" (IST); a calendar day alone with `dateOnly`. */
export function istText(at: Date, dateOnly = false): string {
  const part = Object.fromEntries(istParts.formatToParts(at).map((p) => [p.type, p.value]));
  const day = `${part.day}-${part.month}-${part.year}`;
  return dateOnly ? day : `${day} ${part.hour}:${part.minute}`;
}
