/**
 * Worked examples of the law as it stands on 2026-12-01, each to the paisa and
 * each naming the rule it follows. Pure: classification (supply.ts), rates by
 * day of supply (rates.ts), the MRP-inclusive method and bill totals (gst.ts),
 * document type (documents.ts), place of supply and GSTIN (gstCodes.ts).
 */
import { chooseDocumentType } from '../../src/modules/billing/documents.js';
import { computeLine, invoiceTotals, type LineInput } from '../../src/modules/billing/gst.js';
import { gstinProblem, placeOfSupplyLabel } from '../../src/modules/billing/gstCodes.js';
import { isRateInForce, slabsOn } from '../../src/modules/billing/rates.js';
import { classifySupply, type SupplyFacts } from '../../src/modules/billing/supply.js';

const TODAY = '2026-12-01';
const line = (over: Partial<LineInput>): LineInput => ({ quantity: 1, unitPrice: '0', gstRate: 0, suppliedOn: TODAY, ...over });
const amounts = (input: LineInput) => {
  const l = computeLine(input);
  return [l.taxableValue, l.cgst, l.sgst, l.igst, l.lineTotal].map((d) => d.toFixed(2));
};

describe('what a supply is, and its rate', () => {
  // prettier-ignore
  const cases: Array<[string, string, SupplyFacts, string, number]> = [
    ['private room ₹6,000/day', '03/2022-CTR S.No. 31A: room above ₹5,000, not ICU → 5 % without ITC',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'Private', dailyRate: '6000' } }, 'ROOM_ABOVE_THRESHOLD', 5],
    ['private room at exactly ₹5,000', '31A taxes rooms "exceeding Rs. 5000": ₹5,000 stays exempt (S.No. 74)',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'Private', dailyRate: '5000.00' } }, 'IPD_HEALTH_CARE', 0],
    ['private room at ₹5,001', '31A: above ₹5,000 → 5 %',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'Private', dailyRate: '5001' } }, 'ROOM_ABOVE_THRESHOLD', 5],
    ['ICU at ₹9,000', '31A excludes ICU/CCU/ICCU/NICU: exempt',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'ICU', dailyRate: '9000' } }, 'IPD_HEALTH_CARE', 0],
    ['NICU at ₹12,000', '31A excludes NICU',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'NICU', dailyRate: '12000' } }, 'IPD_HEALTH_CARE', 0],
    ['general ward ₹1,500', 'S.No. 74: health care, room included',
      { source: 'BED_DAY', admitted: true, catalogueRate: 0, room: { wardCategory: 'General', dailyRate: '1500' } }, 'IPD_HEALTH_CARE', 0],
    ['ceftriaxone to an admitted patient', 'circular 32/06/2018: medicines to in-patients are part of the composite health care supply',
      { source: 'DRUG', admitted: true, catalogueRate: 5 }, 'IPD_HEALTH_CARE', 0],
    ['paracetamol over the counter', '9/2025-CTR: medicines of HSN 3004 at 5 % since 22-09-2025',
      { source: 'DRUG', admitted: false, catalogueRate: 5 }, 'RETAIL_PHARMACY', 5],
    ['a listed life-saving drug over the counter', '9/2025-CTR: nil rate for the listed drugs',
      { source: 'DRUG', admitted: false, catalogueRate: 0 }, 'RETAIL_PHARMACY', 0],
    ['OPD consultation', 'S.No. 74: health care by a clinical establishment',
      { source: 'CONSULTATION', admitted: false, catalogueRate: 0 }, 'OPD_HEALTH_CARE', 0],
    ["doctor's visit during the admission", 'circular 32/06/2018: part of the composite supply',
      { source: 'SERVICE', admitted: true, catalogueRate: 0, isHealthCare: true }, 'IPD_HEALTH_CARE', 0],
    ['lab test of an in-patient', 'part of the composite supply',
      { source: 'LAB_TEST', admitted: true, catalogueRate: 0, isHealthCare: true }, 'IPD_HEALTH_CARE', 0],
    ['ambulance, even if the tariff still says 12 %', 'S.No. 74(b): transport of a patient in an ambulance is exempt',
      { source: 'SERVICE', admitted: false, catalogueRate: 12, isHealthCare: true }, 'OPD_HEALTH_CARE', 0],
    ['cosmetic chemical peel', '15/2025-CTR: beauty and cosmetic services 5 % without ITC; not health care',
      { source: 'SERVICE', admitted: false, catalogueRate: 5, isHealthCare: false }, 'NON_HEALTH', 5],
    ['medical certificate for a visa', 'not diagnosis or treatment: taxed at the tariff rate',
      { source: 'SERVICE', admitted: false, catalogueRate: 18, isHealthCare: false }, 'NON_HEALTH', 18],
    ["attendant's food during an admission", 'supplied to the attendant, not the patient: not health care',
      { source: 'SERVICE', admitted: true, catalogueRate: 5, isHealthCare: false }, 'NON_HEALTH', 5],
  ];
  it.each(cases)('%s (%s)', (_name, _rule, facts, supplyClass, gstRate) => {
    expect(classifySupply(facts)).toEqual({ supplyClass, gstRate });
  });
});

describe('rates by day of supply', () => {
  it.each([
    ['2025-09-21', [0, 5, 12, 18, 28]],
    ['2025-09-22', [0, 5, 18, 40]],
    ['2017-07-01', [0, 5, 12, 18, 28]],
    [TODAY, [0, 5, 18, 40]],
  ])('on %s the slabs are %j (1/2017, 11/2017; 9/2025, 15/2025-CTR)', (day, rates) => {
    expect(slabsOn(day)).toEqual(rates);
  });

  it('reads a day of supply in IST: 21-09-2025 23:30 IST is still before the change', () => {
    expect(isRateInForce(12, new Date('2025-09-21T18:00:00Z'))).toBe(true);
    expect(isRateInForce(12, new Date('2025-09-21T18:30:00Z'))).toBe(false);
  });
});

describe('lines, to the paisa', () => {
  // [case, rule, input, taxable, CGST, SGST, IGST, line total]
  // prettier-ignore
  const cases: Array<[string, string, LineInput, string, string, string, string, string]> = [
    ['room ₹6,000 × 3 days at 5 %', 'price exclusive: 18,000 × 2.5 % each',
      line({ quantity: 3, unitPrice: '6000', gstRate: 5 }), '18000.00', '450.00', '450.00', '0.00', '18900.00'],
    ['room ₹5,001 × 1 at 5 %', '5,001 × 2.5 % = 125.025 → 125.03 each (half up)',
      line({ unitPrice: '5001', gstRate: 5 }), '5001.00', '125.03', '125.03', '0.00', '5251.06'],
    ['OTC paracetamol ₹2 × 10 at 5 % in the MRP', '20 × 100/105 = 19.05; tax 0.95 → 0.47 + 0.47, odd paisa stays taxable',
      line({ quantity: 10, unitPrice: '2', gstRate: 5, priceIncludesGst: true }), '19.06', '0.47', '0.47', '0.00', '20.00'],
    ['OTC insulin ₹165 at 5 % in the MRP', '165 × 100/105 = 157.14; tax 7.86 → 3.93 + 3.93',
      line({ unitPrice: '165', gstRate: 5, priceIncludesGst: true }), '157.14', '3.93', '3.93', '0.00', '165.00'],
    ['OTC ceftriaxone ₹58 × 6 at 5 % in the MRP', '348 × 100/105 = 331.43; tax 16.57 → 8.28 + 8.28, odd paisa',
      line({ quantity: 6, unitPrice: '58', gstRate: 5, priceIncludesGst: true }), '331.44', '8.28', '8.28', '0.00', '348.00'],
    ['OTC saline ₹38 × 4 at 5 % in the MRP', '152 × 100/105 = 144.76; tax 7.24 → 3.62 + 3.62',
      line({ quantity: 4, unitPrice: '38', gstRate: 5, priceIncludesGst: true }), '144.76', '3.62', '3.62', '0.00', '152.00'],
    ['in-patient ceftriaxone ₹58 × 6, exempt', 'composite supply: nothing carved out of the MRP',
      line({ quantity: 6, unitPrice: '58', gstRate: 0, priceIncludesGst: true }), '348.00', '0.00', '0.00', '0.00', '348.00'],
    ['OTC inhaler ₹145 with ₹5 discount at 5 %', '140 × 100/105 = 133.33; tax 6.67 → 3.33 + 3.33, odd paisa',
      line({ unitPrice: '145', discount: '5', gstRate: 5, priceIncludesGst: true }), '133.34', '3.33', '3.33', '0.00', '140.00'],
    ['cosmetic peel ₹3,500 at 5 %', '15/2025-CTR: 87.50 each',
      line({ unitPrice: '3500', gstRate: 5 }), '3500.00', '87.50', '87.50', '0.00', '3675.00'],
    ['medical certificate ₹200 at 18 %', '9 % each',
      line({ unitPrice: '200', gstRate: 18 }), '200.00', '18.00', '18.00', '0.00', '236.00'],
    ['a 40 % supply of ₹1,000 (from 22-09-2025)', '20 % each',
      line({ unitPrice: '1000', gstRate: 40 }), '1000.00', '200.00', '200.00', '0.00', '1400.00'],
    ['paracetamol sold on 01-09-2025 at 12 % (reprint)', 'before 9/2025-CTR: 20 × 100/112 = 17.86; tax 2.14 → 1.07 + 1.07',
      line({ quantity: 10, unitPrice: '2', gstRate: 12, priceIncludesGst: true, suppliedOn: '2025-09-01' }), '17.86', '1.07', '1.07', '0.00', '20.00'],
    ['a 28 % supply on 21-09-2025', 'the last day of the old slabs',
      line({ unitPrice: '100', gstRate: 28, suppliedOn: '2025-09-21' }), '100.00', '14.00', '14.00', '0.00', '128.00'],
  ];
  it.each(cases)('%s (%s)', (_name, _rule, input, taxable, cgst, sgst, igst, total) => {
    expect(amounts(input)).toEqual([taxable, cgst, sgst, igst, total]);
    const l = computeLine(input);
    // CGST always equals SGST, and the line adds up exactly (to the MRP for MRP lines).
    expect(l.cgst.equals(l.sgst)).toBe(true);
    expect(l.taxableValue.plus(l.cgst).plus(l.sgst).toFixed(2)).toBe(total);
  });

  it('states the odd paisa of an MRP line', () => {
    expect(computeLine(line({ quantity: 10, unitPrice: '2', gstRate: 5, priceIncludesGst: true })).oddPaisa?.toFixed(2)).toBe('0.01');
    expect(computeLine(line({ unitPrice: '165', gstRate: 5, priceIncludesGst: true })).oddPaisa?.toFixed(2)).toBe('0.00');
  });

  it('refuses 12 % and 28 % from 22-09-2025, and 40 % before it', () => {
    expect(() => computeLine(line({ unitPrice: '100', gstRate: 28 }))).toThrow(/not in force/);
    expect(() => computeLine(line({ unitPrice: '100', gstRate: 12, suppliedOn: '2025-09-22' }))).toThrow(/not in force/);
    expect(() => computeLine(line({ unitPrice: '100', gstRate: 40, suppliedOn: '2025-09-21' }))).toThrow(/not in force/);
  });
});

describe('the worked in-patient bill (issue #14)', () => {
  it('consultation ₹800, room ₹6,000 × 3, CBC ₹350, ceftriaxone ₹58 × 6, saline ₹38 × 4 → ₹20,550 with ₹900 GST', () => {
    const lines = [
      computeLine(line({ unitPrice: '800' })),
      computeLine(line({ quantity: 3, unitPrice: '6000', gstRate: 5 })),
      computeLine(line({ unitPrice: '350' })),
      computeLine(line({ quantity: 6, unitPrice: '58', priceIncludesGst: true })),
      computeLine(line({ quantity: 4, unitPrice: '38', priceIncludesGst: true })),
    ];
    const totals = invoiceTotals(lines);
    expect(
      [totals.taxableTotal, totals.cgstTotal, totals.sgstTotal, totals.igstTotal, totals.roundOff, totals.total].map((d) => d.toFixed(2)),
    ).toEqual(['19650.00', '450.00', '450.00', '0.00', '0.00', '20550.00']);
  });
});

describe('document type (s.31, Rules 46, 46A, 49)', () => {
  const exempt = { gstRate: 0 };
  const taxed = { gstRate: 5 };
  it.each([
    ['only exempt lines → bill of supply', [exempt, exempt], null, 'BILL_OF_SUPPLY'],
    ['only taxable lines → tax invoice', [taxed], null, 'TAX_INVOICE'],
    ['both, to a patient → invoice-cum-bill of supply', [exempt, taxed], null, 'INVOICE_CUM_BILL_OF_SUPPLY'],
    ['only exempt lines, to an insurer → bill of supply', [exempt], '27AAPFU0939F1ZV', 'BILL_OF_SUPPLY'],
    ['only taxable lines, to a company → tax invoice', [taxed, taxed], '29AAGCB7383J1Z4', 'TAX_INVOICE'],
  ])('%s', (_name, lines, gstin, type) => {
    expect(chooseDocumentType(lines, gstin)).toBe(type);
  });

  it('refuses one combined bill to a registered recipient', () => {
    expect(() => chooseDocumentType([exempt, taxed], '27AAPFU0939F1ZV')).toThrow(/Rule 46A/);
  });
});

describe('place of supply and GSTIN', () => {
  it('prints the place of supply with the state name', () => {
    expect(placeOfSupplyLabel('27')).toBe('27-Maharashtra');
    expect(placeOfSupplyLabel('29')).toBe('29-Karnataka');
  });

  it('checks a GSTIN: its shape, its state code and its check character', () => {
    expect(gstinProblem('27AAPFU0939F1ZV')).toBeNull();
    expect(gstinProblem('29AAGCB7383J1Z4')).toBeNull();
    expect(gstinProblem('27AAPFU0939F1ZA')).toMatch(/last character/);
    expect(gstinProblem('99AAPFU0939F1ZV')).toMatch(/not a GST state code/);
    expect(gstinProblem('27AAPFU0939F')).toMatch(/15 characters/);
  });
});
