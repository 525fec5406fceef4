/**
 * Laboratory: order → sample collected → results entered → verified by a
 * second person (lab technician or doctor) → released. Only released results
 * reach the patient. A numeric result outside its reference range is flagged.
 */
import { Prisma, type LabOrder, type LabOrderStatus } from '@prisma/client';
import { lockRow, type Db, type DbOrTx } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { classifySupply } from '../billing/supply.js';
import { auditedOperation, type Actor } from '../actor.js';
import { labReportReady } from '../notifications/hospitalMessages.js';
import type { Notifier } from '../notifications/service.js';
import { currentAdmissionId } from '../admissions/service.js';
import { takeDocumentNumber } from '../numbering/service.js';
import { InvalidLabOrderState, VerificationRefused } from './errors.js';
import { cancelLabOrderSchema, enterResultsSchema, labOrderIdSchema, orderLabTestSchema } from './schemas.js';
import { LAB_STEPS } from './states.js';

type Tx = Prisma.TransactionClient;

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** True when a numeric value lies outside [low, high] (either bound may be absent). */
export function isOutOfRange(value: string, low: Prisma.Decimal | null, high: Prisma.Decimal | null): boolean {
  if (!NUMERIC.test(value)) return false;
  const number = new Prisma.Decimal(value);
  return (low !== null && number.lessThan(low)) || (high !== null && number.greaterThan(high));
}

async function lockOrder(tx: Tx, labOrderId: number, allowed: readonly LabOrderStatus[], doing: string): Promise<LabOrder> {
  const order = await lockRow(tx, 'LabOrder', labOrderId);
  if (!order) throw new NotFound('The lab order');
  if (!allowed.includes(order.status)) {
    throw new InvalidLabOrderState(`Cannot ${doing}: the order is ${order.status.toLowerCase().replaceAll('_', ' ')}`);
  }
  return order;
}

export async function orderLabTest(db: DbOrTx, actor: Actor, input: unknown): Promise<LabOrder> {
  const request = orderLabTestSchema.parse(input);
  const [patient, test] = await Promise.all([
    db.patient.findUnique({ where: { id: request.patientId }, select: { id: true } }),
    db.labTest.findUnique({ where: { id: request.labTestId }, include: { service: true } }),
  ]);
  if (!patient) throw new NotFound('The patient');
  if (!test) throw new NotFound('The lab test');
  if (!test.isActive) throw new InvalidLabOrderState(`${test.name} is no longer offered`);
  const tariff = test.service;
  // Neither an OPD visit nor an admission named: an inpatient's tests belong to the stay.
  const admissionId = request.admissionId ?? (request.appointmentId ? undefined : await currentAdmissionId(db, patient.id));
  if (!tariff) throw new InvalidLabOrderState(`${test.name} has no price in the tariff yet: ask billing to add it`);

  return auditedOperation(db, actor, { model: 'LabOrder', operation: 'order' }, async (tx) => {
    const record = await tx.labOrder.create({
      data: {
        orderNo: await takeDocumentNumber(tx, 'LAB'),
        patientId: patient.id,
        labTestId: test.id,
        appointmentId: request.appointmentId ?? null,
        admissionId: admissionId ?? null,
        encounterId: request.encounterId ?? null,
        orderedById: actor.userId,
      },
    });
    await tx.billableItem.create({
      data: {
        patientId: patient.id,
        source: 'LAB_TEST',
        sourceRef: `laborder:${record.id}`,
        description: `${test.name} (${record.orderNo})`,
        serviceId: tariff.id,
        sacCode: tariff.sacCode,
        quantity: 1,
        unitPrice: tariff.price,
        ...classifySupply({
          source: 'LAB_TEST',
          admitted: Boolean(admissionId),
          catalogueRate: tariff.gstRate,
          isHealthCare: tariff.isHealthCare,
        }),
        appointmentId: request.appointmentId ?? null,
        admissionId: admissionId ?? null,
      },
    });
    return { record };
  });
}

export async function collectSample(db: Db, actor: Actor, input: unknown): Promise<LabOrder> {
  const { labOrderId } = labOrderIdSchema.parse(input);
  return auditedOperation(db, actor, { model: 'LabOrder', operation: 'collect sample' }, async (tx) => {
    const order = await lockOrder(tx, labOrderId, LAB_STEPS.collectSample, 'collect the sample');
    const record = await tx.labOrder.update({
      where: { id: order.id },
      data: { status: 'SAMPLE_COLLECTED', sampleCollectedAt: new Date() },
    });
    return { record, before: { status: order.status }, after: { status: record.status } };
  });
}

/** Enters (or, before verification, corrects) results; each is flagged against its reference range. */
export async function enterResults(db: Db, actor: Actor, input: unknown): Promise<LabOrder> {
  const { labOrderId, results } = enterResultsSchema.parse(input);
  return auditedOperation(db, actor, { model: 'LabOrder', operation: 'enter results' }, async (tx) => {
    const order = await lockOrder(tx, labOrderId, LAB_STEPS.enterResults, 'enter results');
    const test = await tx.labTest.findUniqueOrThrow({ where: { id: order.labTestId } });
    for (const result of results) {
      const low = result.refRangeLow ? new Prisma.Decimal(result.refRangeLow) : test.refRangeLow;
      const high = result.refRangeHigh ? new Prisma.Decimal(result.refRangeHigh) : test.refRangeHigh;
      const data = {
        value: result.value,
        numericValue: NUMERIC.test(result.value) ? new Prisma.Decimal(result.value) : null,
        // The test's unit belongs to its numeric results, not to remarks.
        unit: result.unit ?? (NUMERIC.test(result.value) ? test.unit : null),
        refRangeLow: low,
        refRangeHigh: high,
        isAbnormal: isOutOfRange(result.value, low, high),
        enteredById: actor.userId,
        enteredAt: new Date(),
      };
      await tx.labResult.upsert({
        where: { labOrderId_parameter: { labOrderId, parameter: result.parameter } },
        create: { labOrderId, parameter: result.parameter, ...data },
        update: data,
      });
    }
    const record = await tx.labOrder.update({ where: { id: labOrderId }, data: { status: 'RESULT_ENTERED' } });
    return { record, before: { status: order.status }, after: { status: record.status, parameters: results.map((r) => r.parameter) } };
  });
}

/** A second person — a lab technician or a doctor who did not enter the results — verifies them. */
export async function verifyResults(db: Db, actor: Actor, input: unknown): Promise<LabOrder> {
  const { labOrderId } = labOrderIdSchema.parse(input);
  const verifier = await db.user.findUnique({ where: { id: actor.userId } });
  if (!verifier || (verifier.role !== 'LAB_TECH' && verifier.role !== 'DOCTOR')) {
    throw new VerificationRefused('Results are verified by a lab technician or a doctor');
  }
  return auditedOperation(db, actor, { model: 'LabOrder', operation: 'verify' }, async (tx) => {
    const order = await lockOrder(tx, labOrderId, LAB_STEPS.verifyResults, 'verify results');
    const results = await tx.labResult.findMany({ where: { labOrderId } });
    if (results.some((r) => r.enteredById === actor.userId)) {
      throw new VerificationRefused('Results must be verified by someone other than the person who entered them');
    }
    const now = new Date();
    await tx.labResult.updateMany({ where: { labOrderId }, data: { verifiedById: actor.userId, verifiedAt: now } });
    const record = await tx.labOrder.update({ where: { id: labOrderId }, data: { status: 'VERIFIED' } });
    return { record, before: { status: order.status }, after: { status: record.status } };
  });
}

/** Releases verified results to the patient, and tells them (given the notifier). */
export async function releaseResults(db: Db, actor: Actor, input: unknown, notifier?: Notifier): Promise<LabOrder> {
  const { labOrderId } = labOrderIdSchema.parse(input);
  const released = await auditedOperation(db, actor, { model: 'LabOrder', operation: 'release' }, async (tx) => {
    const order = await lockOrder(tx, labOrderId, LAB_STEPS.releaseResults, 'release results');
    const record = await tx.labOrder.update({ where: { id: labOrderId }, data: { status: 'RELEASED', releasedAt: new Date() } });
    return { record, before: { status: order.status }, after: { status: record.status } };
  });
  await labReportReady(db, notifier, labOrderId);
  return released;
}

export async function cancelLabOrder(db: Db, actor: Actor, input: unknown): Promise<LabOrder> {
  const { labOrderId, reason } = cancelLabOrderSchema.parse(input);
  return auditedOperation(db, actor, { model: 'LabOrder', operation: 'cancel' }, async (tx) => {
    const order = await lockOrder(tx, labOrderId, LAB_STEPS.cancel, 'cancel the order');
    const item = await tx.billableItem.findUnique({ where: { sourceRef: `laborder:${order.id}` } });
    if (item?.invoiceLineId) throw new InvalidLabOrderState('This test is already billed: cancel it with a credit note from billing');
    if (item) await tx.billableItem.delete({ where: { id: item.id } });
    const record = await tx.labOrder.update({ where: { id: labOrderId }, data: { status: 'CANCELLED' } });
    return { record, before: { status: order.status }, after: { status: record.status, reason } };
  });
}

/** What the patient may see: released orders only, with their results. */
export async function releasedResultsForPatient(db: Db, patientId: number) {
  return db.labOrder.findMany({
    where: { patientId, status: 'RELEASED' },
    include: { labTest: { select: { code: true, name: true } }, results: { orderBy: { parameter: 'asc' } } },
    orderBy: { releasedAt: 'desc' },
  });
}

/**
 * A result's reference range as the lab writes it: "12 – 16", "– 200" (an upper
 * limit only), or "—" when the test has none. One writer for the screens and the report.
 */
export function referenceRange(low: { toString(): string } | null | undefined, high: { toString(): string } | null | undefined): string {
  if ((low === null || low === undefined) && (high === null || high === undefined)) return '—';
  return `${low?.toString() ?? ''} – ${high?.toString() ?? ''}`.trim();
}

/** A result as the verifier reviews it: the value against its reference range, abnormal ones flagged. */
export interface ResultForReview {
  parameter: string;
  value: string;
  unit: string | null;
  range: string;
  abnormal: boolean;
  enteredBy: string | null;
}

/** The results of an order waiting for verification (or verified), for the verifier to read before signing. */
export async function resultsForReview(db: Db, labOrderId: number): Promise<ResultForReview[]> {
  const results = await db.labResult.findMany({
    where: { labOrderId },
    orderBy: { parameter: 'asc' },
    include: { enteredBy: { select: { name: true } } },
  });
  return results.map((r) => ({
    parameter: r.parameter,
    value: r.value,
    unit: r.unit,
    range:
      r.refRangeLow === null && r.refRangeHigh === null ? '—' : `${r.refRangeLow?.toString() ?? ''} – ${r.refRangeHigh?.toString() ?? ''}`,
    abnormal: r.isAbnormal,
    enteredBy: r.enteredBy?.name ?? null,
  }));
}

/** Tests that can be ordered: in use and on the tariff (an order is billed at the tariff's price). */
export function orderableLabTests(db: Db) {
  return db.labTest.findMany({ where: { isActive: true, serviceId: { not: null } }, orderBy: { name: 'asc' } });
}
