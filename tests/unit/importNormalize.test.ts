/** Every normalisation of a register's cells, and what it says when it cannot. */
import {
  bloodGroup,
  calendarDate,
  CellProblem,
  email,
  gender,
  gstRate,
  indianPhone,
  rupees,
  text,
  wholeNumber,
  yesNo,
} from '../../src/modules/imports/normalize.js';
import { schedule } from '../../src/modules/imports/kinds/staff.js';
import { findHeader, isTotalLine } from '../../src/modules/imports/headers.js';
import { patientsImport } from '../../src/modules/imports/kinds/patients.js';

const problem = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof CellProblem) return error.message;
    throw error;
  }
  throw new Error('expected a CellProblem');
};
const day = (d: Date | undefined) => d?.toISOString().slice(0, 10);

describe('phone numbers to E.164', () => {
  it.each([
    ['+91 98765 43210', '+919876543210'],
    ['098765-43210', '+919876543210'],
    ['919876543210', '+919876543210'],
    ['91-9876543210', '+919876543210'],
    ['(98765) 43210', '+919876543210'],
    [9876543210, '+919876543210'],
    ['  9876543210 ', '+919876543210'],
  ])('%p → %s', (input, expected) => expect(indianPhone(input)).toBe(expected));

  it('says what it expected', () => {
    expect(problem(() => indianPhone('12345'))).toBe('"12345" is not a 10-digit Indian phone number (with or without +91 or a leading 0)');
    expect(problem(() => indianPhone('98765abcde'))).toBe('"98765abcde" is not a phone number');
    expect(indianPhone('')).toBeUndefined();
  });
});

describe('dates', () => {
  it.each([
    ['14/08/1987', '1987-08-14'],
    ['14-08-1987', '1987-08-14'],
    ['14.8.1987', '1987-08-14'],
    ['1987-08-14', '1987-08-14'],
    ['7/3/01', '2001-03-07'],
    ['7/3/87', '1987-03-07'],
    [30000, '1982-02-18'],
    ['30000', '1982-02-18'],
    [new Date(Date.UTC(1990, 0, 31)), '1990-01-31'],
  ])('%p → %s', (input, expected) => expect(day(calendarDate(input, new Date('2026-11-27T00:00:00Z')))).toBe(expected));

  it('refuses dates that do not exist, and text that is not a date', () => {
    expect(problem(() => calendarDate('31/02/1990'))).toBe('"31/02/1990" is not a real date (expected dd/mm/yyyy)');
    expect(problem(() => calendarDate('next Monday'))).toBe('"next Monday" is not a date (expected dd/mm/yyyy)');
    expect(problem(() => calendarDate(1.5))).toBe('1.5 is not a date');
  });
});

describe('words', () => {
  it.each([
    ['M', 'MALE'],
    ['male', 'MALE'],
    ['F', 'FEMALE'],
    ['Female ', 'FEMALE'],
    ['Mrs.', 'FEMALE'],
    ['TG', 'OTHER'],
  ])('gender %p → %s', (input, expected) => expect(gender(input)).toBe(expected));

  it.each([
    ['B+', 'B_POS'],
    ['b+ve', 'B_POS'],
    ['O -ve', 'O_NEG'],
    ['AB Positive', 'AB_POS'],
  ])('blood group %p → %s', (input, expected) => expect(bloodGroup(input)).toBe(expected));

  it('trims and collapses names; a dash is blank', () => {
    expect(text('  asha   kulkarni ')).toBe('asha kulkarni');
    expect(text('-')).toBeUndefined();
  });

  it('reads money exactly, GST rates, counts, yes/no and emails', () => {
    expect(rupees('₹ 1,250.5')).toBe('1250.50');
    expect(rupees('Rs. 600')).toBe('600.00');
    expect(problem(() => rupees('12.345'))).toBe('"12.345" is not an amount in rupees (e.g. 1500 or 1500.50)');
    const today = new Date('2026-12-01T06:00:00Z');
    expect([gstRate('18%', today), gstRate(0.4, today), gstRate('5', today), gstRate('40.00', today)]).toEqual([18, 40, 5, 40]);
    expect(problem(() => gstRate('7', today))).toBe('"7" is not a GST rate in force today (expected 0, 5, 18 or 40)');
    // 12 % went on 22-09-2025 (notification 9/2025-CTR); a register of older supplies could still carry it.
    expect(problem(() => gstRate('12%', today))).toBe('"12%" is not a GST rate in force today (expected 0, 5, 18 or 40)');
    expect(gstRate(0.12, new Date('2025-09-01T06:00:00Z'))).toBe(12);
    expect(wholeNumber('1,200')).toBe(1200);
    expect([yesNo('Y'), yesNo('inactive')]).toEqual([true, false]);
    expect(email(' Asha@Example.IN ')).toBe('asha@example.in');
    expect(problem(() => email('asha at example'))).toBe('"asha at example" is not an email address');
  });

  it('reads OPD timings into weekly sittings', () => {
    expect(schedule('Mon-Wed 09:00-13:00; Sat 5pm - 7pm')).toEqual([
      { weekday: 1, startTime: '09:00', endTime: '13:00' },
      { weekday: 2, startTime: '09:00', endTime: '13:00' },
      { weekday: 3, startTime: '09:00', endTime: '13:00' },
      { weekday: 6, startTime: '17:00', endTime: '19:00' },
    ]);
    expect(problem(() => schedule('Mon 13:00-09:00'))).toBe('"Mon 13:00-09:00" ends before it starts');
    expect(problem(() => schedule('Someday 9-10'))).toMatch(/are not weekdays/);
  });
});

describe('header row', () => {
  it('finds the header under title rows, matching synonyms whatever the case and punctuation', () => {
    const rows = [
      { rowNo: 1, cells: ['PARTH HOSPITAL'] },
      { rowNo: 2, cells: ['Register 2019'] },
      { rowNo: 3, cells: ['Sr No', 'PATIENT NAME', 'd.o.b', 'Sex', 'Mobile  No'] },
    ];
    const match = findHeader(rows, patientsImport.columns);
    expect(match.headerRowNo).toBe(3);
    expect(match.mapping.map((m) => [m.fileHeader, m.column.key])).toEqual([
      ['PATIENT NAME', 'name'],
      ['d.o.b', 'dateOfBirth'],
      ['Sex', 'gender'],
      ['Mobile No', 'phone'],
    ]);
    expect(match.ignored).toEqual(['Sr No']);
  });

  it('names the missing required column', () => {
    expect(() => findHeader([{ rowNo: 1, cells: ['Name', 'DOB', 'Sex'] }], patientsImport.columns)).toThrow(
      'The header row (line 1) has no column "Phone" (or "Mobile", "Mobile No")',
    );
  });

  it('knows a total line', () => {
    expect(isTotalLine(['Grand Total', '', 12])).toBe(true);
    expect(isTotalLine(['Total:', 5])).toBe(true);
    expect(isTotalLine(['Totaram Shinde', 'M'])).toBe(false);
    // The first filled cell decides, wherever it is; a line of blanks is no data either.
    expect(isTotalLine([null, '  ', 'Sub total', 40])).toBe(true);
    expect(isTotalLine([undefined, '-', 'Asha Kulkarni', 'Total'])).toBe(false);
    expect(isTotalLine(['', null, ' - '])).toBe(true);
  });
});
