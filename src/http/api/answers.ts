/**
 * The pieces the patient API's routes share: paging, instants, rupees, and the
 * documented shape of each answer (OpenAPI is generated from these).
 */
import { z } from 'zod';
import { isPlausibleDate, recordId } from '../../modules/ids.js';

export const id = recordId;
export const byId = z.strictObject({ id });
export const paging = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100, 'At most 100 per page').default(20),
};
export const instant = z.iso
  .datetime({ offset: true, error: 'expected a date and time such as 2026-12-01T10:30:00+05:30' })
  .transform((v) => new Date(v))
  .refine(isPlausibleDate, 'expected a date between the years 1900 and 2100');
export const sessionAnswer = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  patient: z.object({ id: z.number(), uhid: z.string(), name: z.string() }),
});
export const page = (item: z.ZodType) => z.object({ items: z.array(item), page: z.number(), limit: z.number(), hasMore: z.boolean() });
export const appointment = z.object({
  id: z.number(),
  slotStart: z.string(),
  slotEnd: z.string(),
  status: z.enum(['BOOKED', 'CHECKED_IN', 'SEEN', 'NO_SHOW', 'CANCELLED']),
  tokenNo: z.number().nullable(),
  doctor: z.object({ id: z.number(), name: z.string() }),
});
export const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** Rupees as exact decimal text, e.g. "1232.50". */
export const rupees = z.string();
export const invoiceSummary = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.enum(['INVOICE', 'CREDIT_NOTE']),
  status: z.enum(['ISSUED', 'PARTIALLY_PAID', 'PAID', 'CANCELLED']),
  issuedAt: z.string(),
  taxableTotal: rupees,
  cgstTotal: rupees,
  sgstTotal: rupees,
  igstTotal: rupees,
  roundOff: rupees,
  total: rupees,
  amountPaid: rupees,
});
export const invoiceDetail = invoiceSummary.extend({
  lines: z.array(
    z.object({
      id: z.number(),
      description: z.string(),
      sacCode: z.string().nullable(),
      quantity: z.string(),
      unitPrice: rupees,
      discount: rupees,
      taxableValue: rupees,
      gstRate: z.string(),
      cgst: rupees,
      sgst: rupees,
      igst: rupees,
      lineTotal: rupees,
    }),
  ),
  payments: z.array(z.object({ receiptNo: z.string(), method: z.string(), amount: rupees, receivedAt: z.string() })),
});
export const labReport = z.object({
  id: z.number(),
  orderNo: z.string(),
  orderedAt: z.string(),
  releasedAt: z.string(),
  labTest: z.object({ code: z.string(), name: z.string() }),
  results: z.array(
    z.object({
      parameter: z.string(),
      value: z.string(),
      unit: z.string().nullable(),
      refRangeLow: z.string().nullable(),
      refRangeHigh: z.string().nullable(),
      isAbnormal: z.boolean(),
    }),
  ),
});
export const profile = z.object({
  id: z.number(),
  uhid: z.string(),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  gender: z.enum(['MALE', 'FEMALE', 'OTHER']),
  phone: z.string(),
  email: z.string().nullable(),
  addressLine: z.string().nullable(),
  city: z.string().nullable(),
  stateCode: z.string().nullable(),
  pincode: z.string().nullable(),
  bloodGroup: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
});
