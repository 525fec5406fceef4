import { slotsForDay, type Session } from '../../src/modules/appointments/slots.js';
import { fiscalYear, istDate, istDayBounds, isoWeekday } from '../../src/time.js';

const session = (overrides: Partial<Session> = {}): Session => ({
  id: 1,
  weekday: 2,
  startTime: '09:00',
  endTime: '10:00',
  slotMinutes: 15,
  maxPatients: null,
  isActive: true,
  ...overrides,
});
const open = { onLeave: false, holiday: null };

describe('OPD slots for a day', () => {
  // 2026-12-01 is a Tuesday (ISO weekday 2).
  it('cuts a session into slots in India time', () => {
    const slots = slotsForDay([session()], '2026-12-01', open);
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-12-01T03:30:00.000Z',
      '2026-12-01T03:45:00.000Z',
      '2026-12-01T04:00:00.000Z',
      '2026-12-01T04:15:00.000Z',
    ]);
    expect(slots[3]?.end.toISOString()).toBe('2026-12-01T04:30:00.000Z');
  });

  it('drops a last slot that would run past the session end', () => {
    expect(slotsForDay([session({ endTime: '09:40', slotMinutes: 20 })], '2026-12-01', open)).toHaveLength(2);
    expect(slotsForDay([session({ endTime: '09:50', slotMinutes: 20 })], '2026-12-01', open)).toHaveLength(2);
  });

  it('offers nothing on other weekdays, for inactive sessions, on leave or on a holiday', () => {
    expect(slotsForDay([session({ weekday: 3 })], '2026-12-01', open)).toEqual([]);
    expect(slotsForDay([session({ isActive: false })], '2026-12-01', open)).toEqual([]);
    expect(slotsForDay([session()], '2026-12-01', { onLeave: true, holiday: null })).toEqual([]);
    expect(slotsForDay([session()], '2026-12-01', { onLeave: false, holiday: 'Diwali' })).toEqual([]);
  });

  it('merges morning and evening sessions in time order', () => {
    const slots = slotsForDay([session({ id: 2, startTime: '17:00', endTime: '17:30' }), session()], '2026-12-01', open);
    expect(slots.map((s) => s.sessionId)).toEqual([1, 1, 1, 1, 2, 2]);
  });
});

describe('India calendar helpers', () => {
  it('knows the IST day of an instant near midnight', () => {
    expect(istDate(new Date('2026-11-24T18:29:59Z'))).toBe('2026-11-24');
    expect(istDate(new Date('2026-11-24T18:30:00Z'))).toBe('2026-11-25');
    expect(istDayBounds('2026-11-25').start.toISOString()).toBe('2026-11-24T18:30:00.000Z');
  });

  it('names the fiscal year April to March', () => {
    expect(fiscalYear(new Date('2026-03-31T18:29:00Z'))).toBe('2025-26');
    expect(fiscalYear(new Date('2026-03-31T18:30:00Z'))).toBe('2026-27');
    expect(fiscalYear(new Date('2099-12-31T00:00:00Z'))).toBe('2099-00');
  });

  it('gives ISO weekdays', () => {
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-30')).toBe(1);
  });
});
