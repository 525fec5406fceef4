/**
 * Worked GST examples, each checked to the paisa by hand:
 * [case, input, gross, discount, taxable, CGST, SGST, IGST, line total].
 */
import { computeLine, invoiceTotals, InvalidLine, type LineInput } from '../../src/modules/billing/gst.js';
import { amountInWords, numberInWords } from '../../src/modules/billing/words.js';

// Supplied today, unless the example is from before the 2025 reform (12 % existed until 21-09-2025).
const TODAY = '2026-12-01';
const BEFORE_REFORM = '2025-09-01';
const intra = (over: Partial<LineInput>): LineInput => ({
  quantity: 1,
  unitPrice: '0',
  gstRate: 0,
  interState: false,
  suppliedOn: Number(over.gstRate) === 12 ? BEFORE_REFORM : TODAY,
  ...over,
});
const inter = (over: Partial<LineInput>): LineInput => ({ ...intra(over), interState: true });

// prettier-ignore
const examples: Array<[string, LineInput, string, string, string, string, string, string, string]> = [
  ['consultation, exempt',                       intra({ unitPrice: '500' }),                                  '500.00', '0.00', '500.00', '0.00', '0.00', '0.00', '500.00'],
  ['room rent 3 days, exempt',                   intra({ quantity: 3, unitPrice: '1500' }),                    '4500.00', '0.00', '4500.00', '0.00', '0.00', '0.00', '4500.00'],
  ['private room 5% intra',                      intra({ quantity: 2, unitPrice: '5500', gstRate: 5 }),        '11000.00', '0.00', '11000.00', '275.00', '275.00', '0.00', '11550.00'],
  ['private room 5% inter',                      inter({ quantity: 2, unitPrice: '5500', gstRate: 5 }),        '11000.00', '0.00', '11000.00', '0.00', '0.00', '550.00', '11550.00'],
  ['certificate 18% intra',                      intra({ unitPrice: '200', gstRate: 18 }),                     '200.00', '0.00', '200.00', '18.00', '18.00', '0.00', '236.00'],
  ['certificate 18% inter',                      inter({ unitPrice: '200', gstRate: 18 }),                     '200.00', '0.00', '200.00', '0.00', '0.00', '36.00', '236.00'],
  ['ambulance 12% with discount',                intra({ unitPrice: '1200', discount: '100', gstRate: 12 }),   '1200.00', '100.00', '1100.00', '66.00', '66.00', '0.00', '1232.00'],
  ['odd paise 18%: 33.33 → 3.00 each half',      intra({ unitPrice: '33.33', gstRate: 18 }),                   '33.33', '0.00', '33.33', '3.00', '3.00', '0.00', '39.33'],
  ['tiny amount: 0.25 at 18%',          intra({ unitPrice: '0.25', gstRate: 18 }),                    '0.25', '0.00', '0.25', '0.02', '0.02', '0.00', '0.29'],
  ['quantity with decimals',                     intra({ quantity: '2.5', unitPrice: '99.99', gstRate: 5 }),   '249.98', '0.00', '249.98', '6.25', '6.25', '0.00', '262.48'],
  ['full discount',                              intra({ unitPrice: '300', discount: '300', gstRate: 18 }),    '300.00', '300.00', '0.00', '0.00', '0.00', '0.00', '0.00'],
  ['MRP 12% intra: ₹2.00 × 10',                  intra({ quantity: 10, unitPrice: '2.00', gstRate: 12, priceIncludesGst: true }), '20.00', '0.00', '17.86', '1.07', '1.07', '0.00', '20.00'],
  ['MRP 12% inter: ₹2.00 × 10',                  inter({ quantity: 10, unitPrice: '2.00', gstRate: 12, priceIncludesGst: true }), '20.00', '0.00', '17.86', '0.00', '0.00', '2.14', '20.00'],
  ['MRP 5% IV fluid',                            intra({ quantity: 3, unitPrice: '38.00', gstRate: 5, priceIncludesGst: true }),  '114.00', '0.00', '108.58', '2.71', '2.71', '0.00', '114.00'],
  ['MRP 12% with discount',                      intra({ quantity: 2, unitPrice: '165', discount: '30', gstRate: 12, priceIncludesGst: true }), '330.00', '30.00', '267.86', '16.07', '16.07', '0.00', '300.00'],
  ['MRP exempt',                                 intra({ quantity: 4, unitPrice: '21', gstRate: 0, priceIncludesGst: true }),  '84.00', '0.00', '84.00', '0.00', '0.00', '0.00', '84.00'],
  ['MRP 18% odd amount',                         intra({ unitPrice: '145', gstRate: 18, priceIncludesGst: true }),  '145.00', '0.00', '122.88', '11.06', '11.06', '0.00', '145.00'],
  ['large: ICU 10 days exempt',                  intra({ quantity: 10, unitPrice: '9000' }),                   '90000.00', '0.00', '90000.00', '0.00', '0.00', '0.00', '90000.00'],
  ['large 18% inter',                            inter({ quantity: 7, unitPrice: '12345.67', gstRate: 18 }),   '86419.69', '0.00', '86419.69', '0.00', '0.00', '15555.54', '101975.23'],
  ['12% intra, gross with half-paisa',           intra({ quantity: 3, unitPrice: '0.335', gstRate: 12 }),      '1.01', '0.00', '1.01', '0.06', '0.06', '0.00', '1.13'],
  ['discount with paise, 5% inter',              inter({ unitPrice: '999.99', discount: '0.99', gstRate: 5 }), '999.99', '0.99', '999.00', '0.00', '0.00', '49.95', '1048.95'],
  ['cosmetic peel 18% intra',                    intra({ unitPrice: '3500', gstRate: 18 }),                    '3500.00', '0.00', '3500.00', '315.00', '315.00', '0.00', '4130.00'],
];

describe('GST on a line, worked to the paisa', () => {
  it.each(examples)('%s', (_name, input, gross, discount, taxable, cgst, sgst, igst, total) => {
    const line = computeLine(input);
    expect(
      [line.gross, line.discount, line.taxableValue, line.cgst, line.sgst, line.igst, line.lineTotal].map((d) => d.toFixed(2)),
    ).toEqual([gross, discount, taxable, cgst, sgst, igst, total]);
    // The parts always add up to the line total.
    expect(line.taxableValue.plus(line.cgst).plus(line.sgst).plus(line.igst).toFixed(2)).toBe(total);
  });

  it('refuses a discount above the amount, a negative discount, a zero quantity and a rate that is not a slab', () => {
    expect(() => computeLine(intra({ unitPrice: '100', discount: '100.01' }))).toThrow(InvalidLine);
    expect(() => computeLine(intra({ unitPrice: '100', discount: '-1' }))).toThrow('A discount cannot be negative');
    expect(() => computeLine(intra({ quantity: 0, unitPrice: '100' }))).toThrow('The quantity must be more than zero');
    expect(() => computeLine(intra({ unitPrice: '100', gstRate: 7 }))).toThrow(
      'GST rate 7% is not in force on the day of supply (rates then: 0, 5, 18 or 40%)',
    );
    expect(() => computeLine(intra({ unitPrice: '100', gstRate: 12, suppliedOn: '2025-09-22' }))).toThrow(
      'GST rate 12% is not in force on the day of supply (rates then: 0, 5, 18 or 40%)',
    );
  });
});

describe('invoice totals and round-off to the rupee', () => {
  it.each([
    [['500.00', '39.33'], '539.33', '-0.33', '539.00'],
    [['0.29', '236.00', '20.00'], '256.29', '-0.29', '256.00'],
    [['114.00', '1.13', '0.37'], '115.50', '0.50', '116.00'],
    [['101975.23', '4500.00'], '106475.23', '-0.23', '106475.00'],
    [['262.48'], '262.48', '-0.48', '262.00'],
    [['1048.95'], '1048.95', '0.05', '1049.00'],
  ])('lines %j total %s, round off %s, payable %s', (totals, exact, roundOff, payable) => {
    const lines = totals.map((t) => computeLine(intra({ unitPrice: t })));
    const result = invoiceTotals(lines);
    expect(result.subtotal.toFixed(2)).toBe(exact);
    expect(result.roundOff.toFixed(2)).toBe(roundOff);
    expect(result.total.toFixed(2)).toBe(payable);
  });

  it('adds up tax columns across lines', () => {
    const totals = invoiceTotals([
      computeLine(intra({ unitPrice: '200', gstRate: 18 })),
      computeLine(intra({ unitPrice: '1200', discount: '100', gstRate: 12 })),
    ]);
    expect(
      [totals.subtotal, totals.discountTotal, totals.taxableTotal, totals.cgstTotal, totals.sgstTotal, totals.igstTotal].map((d) =>
        d.toFixed(2),
      ),
    ).toEqual(['1400.00', '100.00', '1300.00', '84.00', '84.00', '0.00']);
  });
});

describe('amounts in words, Indian style', () => {
  it.each([
    ['0', 'Rupees Zero Only'],
    ['1', 'Rupees One Only'],
    ['15.50', 'Rupees Fifteen and Fifty Paise Only'],
    ['99.01', 'Rupees Ninety-Nine and One Paise Only'],
    ['100', 'Rupees One Hundred Only'],
    ['1049', 'Rupees One Thousand Forty-Nine Only'],
    ['120345.50', 'Rupees One Lakh Twenty Thousand Three Hundred Forty-Five and Fifty Paise Only'],
    ['2500000', 'Rupees Twenty-Five Lakh Only'],
    ['10000000', 'Rupees One Crore Only'],
    ['987654321.99', 'Rupees Ninety-Eight Crore Seventy-Six Lakh Fifty-Four Thousand Three Hundred Twenty-One and Ninety-Nine Paise Only'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('counts crores of crores', () => {
    expect(numberInWords(12_340_000_000)).toBe('One Thousand Two Hundred Thirty-Four Crore');
  });
});
