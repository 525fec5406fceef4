/** Pure rules of the desk: a ward's gender and age rule, rupees as printed, an audit row's changes. */
import { Prisma } from '@prisma/client';
import { ageInYears, checkWardRule, wardRuleBreach, type WardRule } from '../../src/modules/admissions/wardRules.js';
import { describeChanges } from '../../src/modules/audit/service.js';
import { rupeesText } from '../../src/modules/money.js';

const maleWard: WardRule = { name: 'General Ward (Male)', admits: 'MALE', minAgeYears: null, maxAgeYears: null };
const paediatric: WardRule = { name: 'Paediatric Ward', admits: 'ANYONE', minAgeYears: null, maxAgeYears: 12 };
const on = new Date('2026-12-06T10:00:00Z');

describe('ward rules', () => {
  it('counts whole years, a birthday today included', () => {
    expect(ageInYears(new Date('2014-12-06'), on)).toBe(12);
    expect(ageInYears(new Date('2014-12-07'), on)).toBe(11);
  });

  it('names the breach: gender first, then the age limits; an unknown age passes', () => {
    expect(wardRuleBreach(maleWard, { gender: 'FEMALE', dateOfBirth: null }, on)).toBe('General Ward (Male) takes only male patients');
    expect(wardRuleBreach(maleWard, { gender: 'OTHER', dateOfBirth: null }, on)).toMatch(/only male/);
    expect(wardRuleBreach(maleWard, { gender: 'MALE', dateOfBirth: null }, on)).toBeNull();
    expect(wardRuleBreach(paediatric, { gender: 'MALE', dateOfBirth: new Date('2013-12-06') }, on)).toBe(
      'Paediatric Ward takes patients up to 12 years (this patient is 13)',
    );
    expect(wardRuleBreach(paediatric, { gender: 'MALE', dateOfBirth: new Date('2014-12-06') }, on)).toBeNull();
    expect(wardRuleBreach(paediatric, { gender: 'FEMALE', dateOfBirth: null }, on)).toBeNull();
  });

  it('refuses on the override field unless a reason is given, and keeps the reason', () => {
    expect(() => checkWardRule(maleWard, { gender: 'FEMALE', dateOfBirth: null }, undefined, on)).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: 'wardRuleOverride' })] }),
    );
    expect(checkWardRule(maleWard, { gender: 'FEMALE', dateOfBirth: null }, 'Female ward full', on)).toBe('Female ward full');
    expect(checkWardRule(maleWard, { gender: 'MALE', dateOfBirth: null }, 'not needed', on)).toBeNull();
  });
});

describe('rupees as printed', () => {
  it('groups the Indian way, exactly, with two decimals', () => {
    expect(rupeesText('123456.5')).toBe('₹ 1,23,456.50');
    expect(rupeesText(new Prisma.Decimal('99999999999.99'))).toBe('₹ 99,99,99,99,999.99');
    expect(rupeesText('0')).toBe('₹ 0.00');
    expect(rupeesText('-40')).toBe('−₹ 40.00');
  });
});

describe('an audit row, field by field', () => {
  const at = (d: Date) => d.toISOString().slice(0, 10);

  it('pairs before and after, leaves out what did not change and the operation name', () => {
    expect(
      describeChanges({ status: 'BOOKED', tokenNo: null }, { operation: 'check-in', status: 'CHECKED_IN', tokenNo: 4, same: 1 }, at),
    ).toEqual([
      { field: 'status', before: 'BOOKED', after: 'CHECKED_IN' },
      { field: 'tokenNo', before: '—', after: '4' },
      { field: 'same', before: '—', after: '1' },
    ]);
    expect(describeChanges({ a: 1 }, { a: 1 }, at)).toEqual([]);
  });

  it('writes instants through the given formatter, objects as JSON, and copes with empty rows', () => {
    expect(describeChanges(null, { admittedAt: '2026-12-06T04:30:00.000Z', moved: { invoice: [1] } }, at)).toEqual([
      { field: 'admittedAt', before: '—', after: '2026-12-06' },
      { field: 'moved', before: '—', after: '{"invoice":[1]}' },
    ]);
    expect(describeChanges(null, null, at)).toEqual([]);
    expect(describeChanges([1, 2], 'text', at)).toEqual([]);
  });
});
