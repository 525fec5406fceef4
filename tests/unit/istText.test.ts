/** Dates as the hospital writes them, in India time whatever the server's zone. */
import { istText } from '../../src/time.js';

describe('istText', () => {
  it('writes an instant as dd-MMM-yyyy HH:mm in IST', () => {
    expect(istText(new Date('2026-12-03T04:45:00.000Z'))).toBe('03-Dec-2026 10:15');
    // 20:00 UTC is already the next day in India.
    expect(istText(new Date('2026-09-30T20:00:00.000Z'))).toBe('01-Oct-2026 01:30');
    expect(istText(new Date('2026-09-15T00:00:00.000Z'))).toBe('15-Sep-2026 05:30');
  });

  it('writes a calendar day (stored at UTC midnight) as the day itself', () => {
    expect(istText(new Date('1990-01-15T00:00:00.000Z'), true)).toBe('15-Jan-1990');
  });
});
