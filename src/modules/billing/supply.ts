/**
 * What a billable item is in GST law, decided in one place; the tax follows.
 *
 * - IPD_HEALTH_CARE: anything supplied to an admitted patient as part of the
 *   treatment (medicines, consumables, implants, tests, nursing, the room up to
 *   ₹5,000 a day, the doctor's visits) is one composite supply of health care,
 *   exempt — notification 12/2017-Central Tax (Rate) S.No. 74; CBIC circular
 *   32/06/2018-GST (12-02-2018) on medicines and food to in-patients.
 * - OPD_HEALTH_CARE: a health care service by a clinical establishment to an
 *   out-patient (consultation, test, procedure, ambulance): exempt, same entry.
 * - ROOM_ABOVE_THRESHOLD: a room other than ICU/CCU/ICCU/NICU charged above
 *   ₹5,000 a day: 5 % without input tax credit — notification 03/2022-Central
 *   Tax (Rate) S.No. 31A read with 04/2022, in force from 18-07-2022. "Above":
 *   a room at exactly ₹5,000 stays exempt.
 * - RETAIL_PHARMACY: a medicine sold over the counter to someone not admitted:
 *   the medicine's own rate (5 % for most of HSN 3004 since 22-09-2025, nil for
 *   the listed life-saving drugs), inside its MRP.
 * - NON_HEALTH: not health care (cosmetic procedures — 5 % without ITC since
 *   22-09-2025, notification 15/2025 — certificates, attendants' food …): the
 *   tariff's rate.
 *
 * Place of supply: every one of these is performed or handed over at the
 * hospital (IGST Act s.12(4) for health services, s.10(1) for goods delivered at
 * the counter), so it is always the hospital's state — CGST + SGST, never IGST,
 * whichever state the patient comes from.
 */
import type { BillableSource, SupplyClass } from '@prisma/client';
import { Prisma } from '@prisma/client';

/** A room is taxed only when its charge per day is above this (rupees). */
export const ROOM_RENT_EXEMPT_UP_TO = new Prisma.Decimal(5000);
const ROOM_RENT_RATE = 5;

const INTENSIVE_CARE = /\b(ICU|CCU|ICCU|NICU)\b/i;

export interface SupplyFacts {
  source: BillableSource;
  /** The item was supplied during an admission (part of the in-patient's treatment). */
  admitted: boolean;
  /** The catalogue's rate: the drug's, or the tariff service's. */
  catalogueRate: Prisma.Decimal.Value;
  /** A tariff service's flag; absent for items without a service (treated as health care). */
  isHealthCare?: boolean | null;
  /** For room rent: the ward's category and the charge per day. */
  room?: { wardCategory: string; dailyRate: Prisma.Decimal.Value };
}

export interface Supply {
  supplyClass: SupplyClass;
  gstRate: number;
}

export function isIntensiveCare(wardCategory: string): boolean {
  return INTENSIVE_CARE.test(wardCategory);
}

export function classifySupply(facts: SupplyFacts): Supply {
  const healthCare: SupplyClass = facts.admitted ? 'IPD_HEALTH_CARE' : 'OPD_HEALTH_CARE';
  if (facts.source === 'BED_DAY') {
    const room = facts.room;
    if (room && !isIntensiveCare(room.wardCategory) && new Prisma.Decimal(room.dailyRate).greaterThan(ROOM_RENT_EXEMPT_UP_TO))
      return { supplyClass: 'ROOM_ABOVE_THRESHOLD', gstRate: ROOM_RENT_RATE };
    return { supplyClass: 'IPD_HEALTH_CARE', gstRate: 0 };
  }
  if (facts.source === 'DRUG') {
    return facts.admitted
      ? { supplyClass: 'IPD_HEALTH_CARE', gstRate: 0 }
      : { supplyClass: 'RETAIL_PHARMACY', gstRate: new Prisma.Decimal(facts.catalogueRate).toNumber() };
  }
  if (facts.isHealthCare === false) return { supplyClass: 'NON_HEALTH', gstRate: new Prisma.Decimal(facts.catalogueRate).toNumber() };
  return { supplyClass: healthCare, gstRate: 0 };
}

/** Supplies GSTR-1 reports as exempt (Table 8), not as nil-rated taxable ones. */
export const EXEMPT_CLASSES: readonly SupplyClass[] = ['IPD_HEALTH_CARE', 'OPD_HEALTH_CARE'];

/** How a class prints on a bill and in reports. */
export const SUPPLY_CLASS_LABEL: Record<SupplyClass, string> = {
  IPD_HEALTH_CARE: 'In-patient health care (exempt)',
  OPD_HEALTH_CARE: 'Health care service (exempt)',
  ROOM_ABOVE_THRESHOLD: 'Room above Rs. 5,000/day (5%, no ITC)',
  RETAIL_PHARMACY: 'Pharmacy sale',
  NON_HEALTH: 'Not health care',
};
