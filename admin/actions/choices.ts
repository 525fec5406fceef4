/**
 * The options of the operations' select fields, as a clerk reads them
 * ("Dr. Mehta — Cardiology", "General Ward (Male) — GW-M-01 (₹ 1500.00/day)").
 * Which records are offered is each module's query; only the wording is here.
 */
import type { Db } from '../../src/config/db.js';
import { freeBeds } from '../../src/modules/admissions/service.js';
import { doctorsTakingPatients, freeSlots, recentVisits } from '../../src/modules/appointments/service.js';
import { tariffServices } from '../../src/modules/billing/invoices.js';
import { orderableLabTests } from '../../src/modules/lab/service.js';
import { heldDepositsForInvoice } from '../../src/modules/payments/service.js';
import { drugsInUse } from '../../src/modules/pharmacy/service.js';
import { activeAdministrators } from '../../src/modules/staff/service.js';
import { istDate } from '../../src/time.js';
import type { Option, Values } from './operation.js';

export const timeOfDay = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hour12: true });

export const choices = {
  async doctors(db: Db): Promise<Option[]> {
    return (await doctorsTakingPatients(db)).map((d) => ({ value: String(d.id), label: `${d.name} — ${d.department.name}` }));
  },
  async slots(db: Db, values: Values): Promise<Option[]> {
    if (!values.doctorId || !values.date) return [];
    const slots = await freeSlots(db, { doctorId: values.doctorId, date: values.date }).catch(() => []);
    return slots.map((s) => ({ value: s.start.toISOString(), label: timeOfDay.format(s.start) }));
  },
  async freeBeds(db: Db): Promise<Option[]> {
    return (await freeBeds(db)).map((b) => ({
      value: String(b.id),
      label: `${b.ward.name} — ${b.bedNumber} (₹ ${b.ward.dailyRate.toFixed(2)}/day)`,
    }));
  },
  async drugs(db: Db): Promise<Option[]> {
    return (await drugsInUse(db)).map((d) => ({ value: String(d.id), label: `${d.name} (${d.code})` }));
  },
  async labTests(db: Db): Promise<Option[]> {
    return (await orderableLabTests(db)).map((t) => ({ value: String(t.id), label: `${t.name} (${t.code})` }));
  },
  async recentVisits(db: Db, patientId: number): Promise<Option[]> {
    return (await recentVisits(db, patientId)).map((v) => ({ value: String(v.id), label: `${istDate(v.slotStart)} — ${v.doctor.name}` }));
  },
  async services(db: Db): Promise<Option[]> {
    return (await tariffServices(db)).map((s) => ({
      value: String(s.id),
      label: `${s.name} (${s.code}) — ₹ ${s.price.toFixed(2)}, GST ${s.gstRate.toString()}%`,
    }));
  },
  async heldDeposits(db: Db, invoiceId: number): Promise<Option[]> {
    return (await heldDepositsForInvoice(db, invoiceId)).map((d) => ({
      value: String(d.id),
      label: `${d.receiptNo} — ₹ ${d.amount.toFixed(2)}`,
    }));
  },
  async administrators(db: Db): Promise<Option[]> {
    return (await activeAdministrators(db)).map((a) => ({ value: String(a.id), label: a.name }));
  },
  paymentMethods: [
    { value: 'CASH', label: 'Cash' },
    { value: 'CARD', label: 'Card' },
    { value: 'UPI', label: 'UPI' },
    { value: 'INSURANCE', label: 'Insurance / TPA' },
  ] as Option[],
  depositMethods: [
    { value: 'CASH', label: 'Cash' },
    { value: 'CARD', label: 'Card' },
    { value: 'UPI', label: 'UPI' },
  ] as Option[],
};
