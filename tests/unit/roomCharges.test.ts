import { Prisma } from '@prisma/client';
import { bedDays } from '../../src/modules/admissions/roomCharges.js';

const rate = (value: string) => new Prisma.Decimal(value);
const at = (iso: string) => new Date(iso);

describe('bed-days', () => {
  it('counts the admission day and not the discharge day, in India time', () => {
    // Admitted 24 Nov 23:00 IST, discharged 27 Nov 10:00 IST: 24, 25, 26 → 3 days.
    const charges = bedDays(
      [{ id: 1, fromTime: at('2026-11-24T17:30:00Z'), toTime: at('2026-11-27T04:30:00Z'), dailyRate: rate('1500.00') }],
      new Date(),
    );
    expect(charges).toEqual([{ stayId: 1, days: 3, dailyRate: rate('1500.00'), amount: rate('4500.00') }]);
  });

  it('charges one day when admitted and discharged on the same day', () => {
    const charges = bedDays(
      [{ id: 1, fromTime: at('2026-11-24T03:00:00Z'), toTime: at('2026-11-24T12:00:00Z'), dailyRate: rate('3000') }],
      new Date(),
    );
    expect(charges.map((c) => [c.days, c.amount.toFixed(2)])).toEqual([[1, '3000.00']]);
  });

  it('charges the transfer day at the new bed’s rate', () => {
    const charges = bedDays(
      [
        { id: 1, fromTime: at('2026-11-24T05:00:00Z'), toTime: at('2026-11-26T05:00:00Z'), dailyRate: rate('1500') },
        { id: 2, fromTime: at('2026-11-26T05:00:00Z'), toTime: at('2026-11-28T05:00:00Z'), dailyRate: rate('9000') },
      ],
      new Date(),
    );
    expect(charges.map((c) => [c.stayId, c.days, c.amount.toFixed(2)])).toEqual([
      [1, 2, '3000.00'],
      [2, 2, '18000.00'],
    ]);
  });

  it('accrues an open stay up to the given time (interim bill)', () => {
    const charges = bedDays(
      [{ id: 7, fromTime: at('2026-11-20T05:00:00Z'), toTime: null, dailyRate: rate('5000') }],
      at('2026-11-24T05:00:00Z'),
    );
    expect(charges[0]?.days).toBe(4);
  });
});
