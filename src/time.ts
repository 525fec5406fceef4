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
