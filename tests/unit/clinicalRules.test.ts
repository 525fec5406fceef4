/** The clinical module's pure rules: dosing notation and quantities, vital signs' ranges, flags and BMI. */
import { durationDays, NotAFrequency, parseFrequency, quantityFor } from '../../src/modules/clinical/frequency.js';
import { bodyMassIndex, vitalFlags, vitalsSchema } from '../../src/modules/clinical/vitals.js';
import { dottedCode } from '../../src/modules/clinical/icd10.js';
import { DOSE_TIMES, doseTimes } from '../../src/modules/clinical/mar.js';

describe('dosing as Indian prescriptions write it', () => {
  it('reads morning-afternoon-night patterns, halves and a bedtime dose', () => {
    expect(parseFrequency('1-0-1')).toMatchObject({ notation: '1-0-1', perDay: 2, pattern: [1, 0, 1], once: false });
    expect(parseFrequency(' 0 - 0 - 1 ')).toMatchObject({ perDay: 1, pattern: [0, 0, 1] });
    expect(parseFrequency('½-0-½')).toMatchObject({ perDay: 1, pattern: [0.5, 0, 0.5] });
    expect(parseFrequency('1-1-1-1')).toMatchObject({ perDay: 4, pattern: [1, 1, 1, 1] });
    expect(parseFrequency('2-0-2').perDay).toBe(4);
    expect(parseFrequency('1-0-1').words).toBe('morning and night');
    expect(parseFrequency('1-1-1').words).toBe('morning, afternoon and night');
    expect(parseFrequency('0-0-1').words).toBe('night');
    expect(parseFrequency('½-0-½').words).toBe('½ morning and ½ night');
  });

  it('reads the abbreviations, SOS and STAT', () => {
    expect(parseFrequency('bd')).toMatchObject({ notation: 'BD', perDay: 2, pattern: [1, 0, 1] });
    expect(parseFrequency('TDS').perDay).toBe(3);
    expect(parseFrequency('HS').pattern).toEqual([0, 0, 1]);
    expect(parseFrequency('SOS')).toMatchObject({ perDay: null, pattern: null, words: 'when needed' });
    expect(parseFrequency('stat')).toMatchObject({ once: true, perDay: 1 });
  });

  it('refuses what is no pattern, in words', () => {
    for (const bad of ['1-0', '1-0-1-1-1', 'twice', '0-0-0', 'a-b-c', '20-0-0', '']) {
      expect(() => parseFrequency(bad)).toThrow(NotAFrequency);
    }
  });

  it('turns a course into days and units to dispense, rounding up to whole units', () => {
    expect(durationDays('5 days')).toBe(5);
    expect(durationDays('2 weeks')).toBe(14);
    expect(durationDays('1 month')).toBe(30);
    expect(durationDays('10')).toBe(10);
    expect(() => durationDays('forever')).toThrow(NotAFrequency);
    expect(() => durationDays('0 days')).toThrow(NotAFrequency);
    expect(quantityFor(parseFrequency('1-0-1'), 5)).toBe(10);
    expect(quantityFor(parseFrequency('½-0-½'), 5)).toBe(5);
    expect(quantityFor(parseFrequency('½-0-0'), 5)).toBe(3);
    expect(quantityFor(parseFrequency('TDS'), 7, 2)).toBe(42);
    expect(quantityFor(parseFrequency('STAT'), 5)).toBe(1);
    expect(quantityFor(parseFrequency('SOS'), 5)).toBeNull();
  });
});

describe('vital signs', () => {
  it('refuses what no living patient has, on its field, and a BP upside down', () => {
    const refused = vitalsSchema.safeParse({ systolic: 400, pulse: '72' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['systolic'], message: 'BP systolic: 40 to 300 — check the reading' });
    expect(vitalsSchema.safeParse({ spo2: 97.5 }).error?.issues[0]?.message).toBe('SpO2: a whole number');
    expect(vitalsSchema.safeParse({ systolic: 80, diastolic: 90 }).error?.issues[0]?.path).toEqual(['diastolic']);
    expect(vitalsSchema.safeParse({ systolic: '', pulse: '' }).error?.issues[0]?.message).toBe('Enter at least one vital sign');
    expect(vitalsSchema.parse({ pulse: '72', temperatureC: '', weightKg: '61.5' })).toEqual({ pulse: 72, weightKg: 61.5 });
  });

  it('flags what is outside the normal range, and the BMI by the Asian Indian cut-offs', () => {
    expect(vitalFlags({ systolic: 150, diastolic: 95, pulse: 72, spo2: 91, temperatureC: 38.2 })).toEqual([
      'BP systolic high',
      'BP diastolic high',
      'Temperature high',
      'SpO2 low',
    ]);
    expect(vitalFlags({ systolic: 120, diastolic: 80, pulse: 72 })).toEqual([]);
    expect(bodyMassIndex(70, 170).toString()).toBe('24.2');
    expect(vitalFlags({ weightKg: 70, heightCm: 170 })).toEqual(['BMI overweight range']);
    expect(vitalFlags({ weightKg: 45, heightCm: 170 })).toEqual(['BMI low']);
  });
});

it('writes an ICD-10 code with its dot where a person reads it', () => {
  expect(dottedCode('E119')).toBe('E11.9');
  expect(dottedCode('E11')).toBe('E11');
  expect(dottedCode('S72001A')).toBe('S72.001A');
});

describe('the ward’s dose times from a prescription (the MAR schedule)', () => {
  const ist = (text: string) => new Date(`${text}:00.000+05:30`);
  const from = ist('2026-12-07T10:00');

  it('gives a course its whole count of doses from the next dose time on', () => {
    expect(doseTimes({ frequency: '1-0-1', durationDays: 2 }, from)).toEqual([
      ist('2026-12-07T20:00'),
      ist('2026-12-08T08:00'),
      ist('2026-12-08T20:00'),
      ist('2026-12-09T08:00'),
    ]);
    expect(doseTimes({ frequency: 'TDS', durationDays: 1 }, from)).toEqual([
      ist('2026-12-07T14:00'),
      ist('2026-12-07T20:00'),
      ist('2026-12-08T08:00'),
    ]);
    expect(doseTimes({ frequency: '1-1-1-1', durationDays: 1 }, ist('2026-12-07T07:00'))).toEqual(
      DOSE_TIMES.map((time) => ist(`2026-12-07T${time}`)),
    );
  });

  it('gives STAT one dose now, SOS none, and an open course two days ahead', () => {
    expect(doseTimes({ frequency: 'STAT', durationDays: null }, from)).toEqual([from]);
    expect(doseTimes({ frequency: 'SOS', durationDays: null }, from)).toEqual([]);
    expect(doseTimes({ frequency: 'OD', durationDays: null }, from)).toEqual([ist('2026-12-08T08:00'), ist('2026-12-09T08:00')]);
  });
});
