/**
 * GST arithmetic for invoice lines and totals, exact to the paisa (decimal.js).
 *
 * Line rules
 * - gross = quantity × unit price, rounded to the paisa (half up);
 * - the discount comes off the gross, never more than the gross;
 * - price exclusive of GST (services): taxable value = gross − discount;
 *   CGST = SGST = taxable × rate/2 % each (intra-state), or IGST = taxable ×
 *   rate % (inter-state), each rounded to the paisa; line total = taxable + tax;
 * - price inclusive of GST (a medicine's MRP), the published practice:
 *   the line total is exactly MRP − discount; taxable value = that × 100 /
 *   (100 + rate), rounded to the paisa; tax = line total − taxable value;
 *   CGST = SGST = half the tax. When the tax is an odd number of paise the
 *   odd paisa cannot be halved: CGST and SGST are each half rounded down and
 *   the odd paisa stays in the taxable value (`oddPaisa` says so; the bill
 *   prints it) — so CGST always equals SGST and the line adds up to the MRP.
 *   Example: ₹114 at 5 % → 108.57 taxable, 5.43 tax → CGST 2.71 + SGST 2.71,
 *   odd paisa 0.01 → taxable 108.58.
 * - the rate must be a slab in force on the day of supply (rates.ts): 12 %
 *   on 01-09-2025, never after 21-09-2025.
 * - CGST + SGST always for this hospital's supplies (supply.ts: the place of
 *   supply is the hospital's state); IGST stays computable for completeness.
 *
 * Invoice total: the sum of line totals, rounded to the nearest rupee (50
 * paise and above go up); the difference is printed as "Round off" (−0.49 to
 * +0.50), as Indian invoices do.
 */
import { Prisma } from '@prisma/client';
import { isRateInForce, slabList } from './rates.js';

type Decimal = Prisma.Decimal;
const D = (value: Prisma.Decimal.Value) => new Prisma.Decimal(value);
const paise = (value: Decimal) => value.toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP);
const ZERO = D(0);

export interface LineInput {
  quantity: Prisma.Decimal.Value;
  unitPrice: Prisma.Decimal.Value;
  discount?: Prisma.Decimal.Value;
  gstRate: Prisma.Decimal.Value;
  priceIncludesGst?: boolean;
  interState?: boolean;
  /** The day of supply (IST): the rate must be a slab in force on it. */
  suppliedOn: string | Date;
}

export interface LineAmounts {
  gross: Decimal;
  discount: Decimal;
  taxableValue: Decimal;
  cgst: Decimal;
  sgst: Decimal;
  igst: Decimal;
  lineTotal: Decimal;
  /** MRP lines: the paisa of tax that could not be split and stays in the taxable value (0 or 0.01). */
  oddPaisa?: Decimal;
}

export class InvalidLine extends Error {}

export function computeLine(input: LineInput): LineAmounts {
  const quantity = D(input.quantity);
  const rate = D(input.gstRate);
  if (quantity.lessThanOrEqualTo(0)) throw new InvalidLine('The quantity must be more than zero');
  if (!isRateInForce(rate, input.suppliedOn))
    throw new InvalidLine(`GST rate ${rate.toString()}% is not in force on the day of supply (rates then: ${slabList(input.suppliedOn)}%)`);
  const gross = paise(quantity.mul(input.unitPrice));
  const discount = paise(D(input.discount ?? 0));
  if (discount.isNegative()) throw new InvalidLine('A discount cannot be negative');
  if (discount.greaterThan(gross)) throw new InvalidLine('The discount cannot be more than the line amount');
  const net = gross.minus(discount);

  if (input.priceIncludesGst) {
    const taxable = paise(net.mul(100).div(rate.plus(100)));
    const tax = net.minus(taxable);
    if (input.interState) return { gross, discount, taxableValue: taxable, cgst: ZERO, sgst: ZERO, igst: tax, lineTotal: net };
    const half = tax.div(2).toDecimalPlaces(2, Prisma.Decimal.ROUND_DOWN);
    const oddPaisa = tax.minus(half.mul(2));
    return { gross, discount, taxableValue: taxable.plus(oddPaisa), cgst: half, sgst: half, igst: ZERO, lineTotal: net, oddPaisa };
  }
  if (input.interState) {
    const igst = paise(net.mul(rate).div(100));
    return { gross, discount, taxableValue: net, cgst: ZERO, sgst: ZERO, igst, lineTotal: net.plus(igst) };
  }
  const half = paise(net.mul(rate).div(200));
  return { gross, discount, taxableValue: net, cgst: half, sgst: half, igst: ZERO, lineTotal: net.plus(half.mul(2)) };
}

export interface InvoiceTotals {
  subtotal: Decimal;
  discountTotal: Decimal;
  taxableTotal: Decimal;
  cgstTotal: Decimal;
  sgstTotal: Decimal;
  igstTotal: Decimal;
  roundOff: Decimal;
  total: Decimal;
}

export function invoiceTotals(lines: LineAmounts[]): InvoiceTotals {
  const sum = (pick: (line: LineAmounts) => Decimal) => lines.reduce((acc, line) => acc.plus(pick(line)), ZERO);
  const exact = sum((l) => l.lineTotal);
  const total = exact.toDecimalPlaces(0, Prisma.Decimal.ROUND_HALF_UP);
  return {
    subtotal: sum((l) => l.gross),
    discountTotal: sum((l) => l.discount),
    taxableTotal: sum((l) => l.taxableValue),
    cgstTotal: sum((l) => l.cgst),
    sgstTotal: sum((l) => l.sgst),
    igstTotal: sum((l) => l.igst),
    roundOff: total.minus(exact),
    total,
  };
}
