/**
 * GST arithmetic for invoice lines and totals, exact to the paisa (decimal.js).
 *
 * Line rules
 * - gross = quantity × unit price, rounded to the paisa (half up);
 * - the discount comes off the gross, never more than the gross;
 * - price exclusive of GST (services): taxable value = gross − discount;
 *   CGST = SGST = taxable × rate/2 % each (intra-state), or IGST = taxable ×
 *   rate % (inter-state), each rounded to the paisa; line total = taxable + tax;
 * - price inclusive of GST (a medicine's MRP): the line total is exactly
 *   gross − discount; the tax inside it is rate/(100+rate) of it (CGST and
 *   SGST each half of that, rounded to the paisa), and the taxable value is
 *   what remains — so CGST always equals SGST and the patient pays the MRP.
 *
 * Invoice total: the sum of line totals, rounded to the nearest rupee (50
 * paise and above go up); the difference is printed as "Round off" (−0.49 to
 * +0.50), as Indian invoices do.
 */
import { Prisma } from '@prisma/client';

type Decimal = Prisma.Decimal;
const D = (value: Prisma.Decimal.Value) => new Prisma.Decimal(value);
const paise = (value: Decimal) => value.toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP);
const ZERO = D(0);

export const GST_RATES = [0, 5, 12, 18] as const;

export interface LineInput {
  quantity: Prisma.Decimal.Value;
  unitPrice: Prisma.Decimal.Value;
  discount?: Prisma.Decimal.Value;
  gstRate: Prisma.Decimal.Value;
  priceIncludesGst?: boolean;
  interState: boolean;
}

export interface LineAmounts {
  gross: Decimal;
  discount: Decimal;
  taxableValue: Decimal;
  cgst: Decimal;
  sgst: Decimal;
  igst: Decimal;
  lineTotal: Decimal;
}

export class InvalidLine extends Error {}

export function computeLine(input: LineInput): LineAmounts {
  const quantity = D(input.quantity);
  const rate = D(input.gstRate);
  if (quantity.lessThanOrEqualTo(0)) throw new InvalidLine('The quantity must be more than zero');
  if (!GST_RATES.some((r) => rate.equals(r))) throw new InvalidLine(`GST rate ${rate.toString()}% is not a GST slab`);
  const gross = paise(quantity.mul(input.unitPrice));
  const discount = paise(D(input.discount ?? 0));
  if (discount.isNegative()) throw new InvalidLine('A discount cannot be negative');
  if (discount.greaterThan(gross)) throw new InvalidLine('The discount cannot be more than the line amount');
  const net = gross.minus(discount);

  if (input.priceIncludesGst) {
    if (input.interState) {
      const igst = paise(net.mul(rate).div(rate.plus(100)));
      return { gross, discount, taxableValue: net.minus(igst), cgst: ZERO, sgst: ZERO, igst, lineTotal: net };
    }
    const half = paise(net.mul(rate).div(rate.plus(100).mul(2)));
    return { gross, discount, taxableValue: net.minus(half.mul(2)), cgst: half, sgst: half, igst: ZERO, lineTotal: net };
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
