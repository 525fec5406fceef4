/**
 * Pharmacy stock. Every change to a batch's quantity is a StockMovement row
 * written in the same transaction (receipt, dispense, return, adjustment,
 * expiry write-off), so a batch's quantity is always the sum of its movements.
 *
 * Dispensing draws first-expiry-first-out from unexpired batches. The batches
 * are locked for the draw, so two counters dispensing the last units take
 * turns: one is served, the other is told the stock is short.
 */
import { type Prisma, type DrugBatch, type Dispensation, type StockMovementType } from '@prisma/client';
import { lockRow, type Db, type DbOrTx } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { dateColumn, istDate } from '../../time.js';
import { classifySupply } from '../billing/supply.js';
import { auditedOperation, type Actor } from '../actor.js';
import { currentAdmissionId } from '../admissions/service.js';
import { StockRuleBroken, StockShort } from './errors.js';
import { adjustSchema, batchIdSchema, dispenseSchema, receiveStockSchema, returnSchema } from './schemas.js';

type Tx = Prisma.TransactionClient;

/** Today's IST date as a `@db.Date` value: a batch expiring today is already unusable. */
const today = (now: Date) => dateColumn(istDate(now));

/** Changes a batch's quantity with the movement that explains it (the only way stock changes). */
export async function moveStock(
  tx: Tx,
  actor: Pick<Actor, 'userId'> | { userId: number | null },
  batchId: number,
  type: StockMovementType,
  quantity: number,
  extra: { note?: string; dispensationId?: number } = {},
) {
  await tx.drugBatch.update({ where: { id: batchId }, data: { quantity: { increment: quantity } } });
  await tx.stockMovement.create({
    data: { batchId, type, quantity, note: extra.note ?? null, dispensationId: extra.dispensationId ?? null, createdById: actor.userId },
  });
}

async function lockBatch(tx: Tx, batchId: number): Promise<DrugBatch> {
  const batch = await lockRow(tx, 'DrugBatch', batchId);
  if (!batch) throw new NotFound('The batch');
  return batch;
}

export async function receiveStock(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<DrugBatch> {
  const receipt = receiveStockSchema.parse(input);
  const expiry = dateColumn(receipt.expiryDate);
  if (expiry <= today(now)) throw new StockRuleBroken('This batch has already expired: it cannot be taken into stock');
  const drug = await db.drug.findUnique({ where: { id: receipt.drugId } });
  if (!drug) throw new NotFound('The drug');
  return auditedOperation(db, actor, { model: 'DrugBatch', operation: 'receive' }, async (tx) => {
    const existing = await tx.drugBatch.findUnique({ where: { drugId_batchNo: { drugId: drug.id, batchNo: receipt.batchNo } } });
    if (existing && existing.expiryDate.getTime() !== expiry.getTime()) {
      throw new StockRuleBroken(`Batch ${receipt.batchNo} is already in stock with expiry ${istDate(existing.expiryDate)}`);
    }
    const batch =
      existing ??
      (await tx.drugBatch.create({
        data: {
          drugId: drug.id,
          batchNo: receipt.batchNo,
          expiryDate: expiry,
          quantity: 0,
          mrp: receipt.mrp,
          costPrice: receipt.costPrice,
        },
      }));
    await lockBatch(tx, batch.id);
    await moveStock(tx, actor, batch.id, 'RECEIPT', receipt.quantity, { note: `Received ${receipt.quantity}` });
    const record = await tx.drugBatch.findUniqueOrThrow({ where: { id: batch.id } });
    return { record, after: { batchNo: record.batchNo, received: receipt.quantity, quantity: record.quantity } };
  });
}

/** Dispenses to a patient, FEFO across unexpired batches; one Dispensation (and billable item) per batch drawn. */
export async function dispenseDrug(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<Dispensation[]> {
  const order = dispenseSchema.parse(input);
  const [drug, patient] = await Promise.all([
    db.drug.findUnique({ where: { id: order.drugId } }),
    db.patient.findUnique({ where: { id: order.patientId }, select: { id: true } }),
  ]);
  if (!drug) throw new NotFound('The drug');
  if (!patient) throw new NotFound('The patient');
  if (!drug.isActive) throw new StockRuleBroken(`${drug.name} is no longer dispensed`);
  // Neither an OPD visit nor an admission named: an admitted patient's medicines belong to the stay.
  const admissionId = order.admissionId ?? (order.appointmentId ? undefined : await currentAdmissionId(db, patient.id));

  let dispensed: Dispensation[] = [];
  await auditedOperation(db, actor, { model: 'Drug', operation: 'dispense' }, async (tx) => {
    // Lock the drug's usable batches in FEFO order; a concurrent dispenser waits, then sees what is left.
    await tx.$queryRaw`
      SELECT id FROM "DrugBatch"
      WHERE "drugId" = ${drug.id} AND "expiryDate" > ${today(now)} AND "quantity" > 0
      ORDER BY "expiryDate", id FOR UPDATE`;
    const batches = await tx.drugBatch.findMany({
      where: { drugId: drug.id, expiryDate: { gt: today(now) }, quantity: { gt: 0 } },
      orderBy: [{ expiryDate: 'asc' }, { id: 'asc' }],
    });
    const available = batches.reduce((sum, batch) => sum + batch.quantity, 0);
    if (available < order.quantity) throw new StockShort(drug.name, available, order.quantity);

    // To an admitted patient a medicine is part of the exempt treatment; over the counter it is taxed inside its MRP.
    const supply = classifySupply({ source: 'DRUG', admitted: Boolean(admissionId), catalogueRate: drug.gstRate });
    let remaining = order.quantity;
    dispensed = [];
    for (const batch of batches) {
      if (remaining === 0) break;
      const take = Math.min(batch.quantity, remaining);
      remaining -= take;
      const dispensation = await tx.dispensation.create({
        data: {
          patientId: patient.id,
          drugId: drug.id,
          quantity: take,
          unitPrice: batch.mrp,
          gstRate: supply.gstRate,
          appointmentId: order.appointmentId ?? null,
          admissionId: admissionId ?? null,
          dispensedById: actor.userId,
          dispensedAt: now,
        },
      });
      await moveStock(tx, actor, batch.id, 'DISPENSE', -take, { dispensationId: dispensation.id, note: `Batch ${batch.batchNo}` });
      await tx.billableItem.create({
        data: {
          patientId: patient.id,
          source: 'DRUG',
          sourceRef: `dispensation:${dispensation.id}`,
          description: `${drug.name} (batch ${batch.batchNo}, exp. ${istDate(batch.expiryDate)})`,
          sacCode: drug.hsnCode,
          quantity: take,
          unitPrice: batch.mrp,
          ...supply,
          priceIncludesGst: true,
          appointmentId: order.appointmentId ?? null,
          admissionId: admissionId ?? null,
        },
      });
      dispensed.push(dispensation);
    }
    return {
      record: { id: drug.id },
      after: { patientId: patient.id, quantity: order.quantity, dispensations: dispensed.map((d) => d.id) },
    };
  });
  return dispensed;
}

/** Units handed back: they return to their batch; the unbilled charge shrinks (a billed one needs a credit note). */
export async function returnToStock(db: Db, actor: Actor, input: unknown): Promise<Dispensation> {
  const { dispensationId, quantity } = returnSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Dispensation', operation: 'return' }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Dispensation" WHERE id = ${dispensationId} FOR UPDATE`;
    const dispensation = await tx.dispensation.findUnique({ where: { id: dispensationId }, include: { movements: true } });
    if (!dispensation) throw new NotFound('The dispensed item');
    const drawn = dispensation.movements.find((m) => m.type === 'DISPENSE');
    const returned = dispensation.movements.filter((m) => m.type === 'RETURN').reduce((sum, m) => sum + m.quantity, 0);
    if (!drawn) throw new StockRuleBroken('This dispensed item has no stock movement to reverse');
    if (quantity > dispensation.quantity - returned) {
      throw new StockRuleBroken(`Only ${dispensation.quantity - returned} unit(s) of this item can still be returned`);
    }
    const item = await tx.billableItem.findUnique({ where: { sourceRef: `dispensation:${dispensation.id}` } });
    if (item?.invoiceLineId) throw new StockRuleBroken('This item is already billed: return it with a credit note from billing');
    await lockBatch(tx, drawn.batchId);
    await moveStock(tx, actor, drawn.batchId, 'RETURN', quantity, { dispensationId: dispensation.id, note: 'Returned by patient' });
    if (item) {
      const left = item.quantity.minus(quantity);
      if (left.isZero()) await tx.billableItem.delete({ where: { id: item.id } });
      else await tx.billableItem.update({ where: { id: item.id }, data: { quantity: left } });
    }
    return { record: dispensation, after: { returned: quantity } };
  });
}

/** A counted correction (breakage, stock-take difference), with its reason. */
export async function adjustStock(db: Db, actor: Actor, input: unknown): Promise<DrugBatch> {
  const { batchId, change, reason } = adjustSchema.parse(input);
  return auditedOperation(db, actor, { model: 'DrugBatch', operation: 'adjust' }, async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.quantity + change < 0) throw new StockRuleBroken(`Batch ${batch.batchNo} holds ${batch.quantity}: it cannot go below zero`);
    await moveStock(tx, actor, batchId, 'ADJUSTMENT', change, { note: reason });
    const record = await tx.drugBatch.findUniqueOrThrow({ where: { id: batchId } });
    return { record, before: { quantity: batch.quantity }, after: { quantity: record.quantity, reason } };
  });
}

/** Writes off what is left of an expired batch. */
export async function writeOffExpiredBatch(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<DrugBatch> {
  const { batchId } = batchIdSchema.parse(input);
  return auditedOperation(db, actor, { model: 'DrugBatch', operation: 'expiry write-off' }, async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.expiryDate > today(now))
      throw new StockRuleBroken(`Batch ${batch.batchNo} has not expired yet (expires ${istDate(batch.expiryDate)})`);
    if (batch.quantity === 0) throw new StockRuleBroken(`Batch ${batch.batchNo} holds no stock to write off`);
    await moveStock(tx, actor, batchId, 'EXPIRY_WRITE_OFF', -batch.quantity, { note: 'Expired' });
    const record = await tx.drugBatch.findUniqueOrThrow({ where: { id: batchId } });
    return { record, before: { quantity: batch.quantity }, after: { quantity: 0 } };
  });
}

/** Batches with stock that expire within `days` (expired ones included, to be written off). */
export async function nearExpiryBatches(db: Db, days: number, now: Date = new Date()) {
  const limit = new Date(today(now).getTime() + days * 86_400_000);
  return db.drugBatch.findMany({
    where: { quantity: { gt: 0 }, expiryDate: { lte: limit } },
    include: { drug: { select: { code: true, name: true } } },
    orderBy: [{ expiryDate: 'asc' }, { id: 'asc' }],
  });
}

export interface LowStockDrug {
  id: number;
  code: string;
  name: string;
  reorderLevel: number;
  onHand: number;
}

/** Active drugs whose unexpired stock is at or below their reorder level. */
export async function lowStockDrugs(db: Db, now: Date = new Date()): Promise<LowStockDrug[]> {
  return db.$queryRaw<LowStockDrug[]>`
    SELECT d.id, d.code, d.name, d."reorderLevel",
           COALESCE(SUM(b.quantity) FILTER (WHERE b."expiryDate" > ${today(now)}), 0)::int AS "onHand"
    FROM "Drug" d LEFT JOIN "DrugBatch" b ON b."drugId" = d.id
    WHERE d."isActive"
    GROUP BY d.id
    HAVING COALESCE(SUM(b.quantity) FILTER (WHERE b."expiryDate" > ${today(now)}), 0) <= d."reorderLevel"
    ORDER BY d.name`;
}

/** Drugs on the formulary, by name (the dispensing and stock forms). */
/** Drugs as the doctor types them, by brand or generic name or code (the prescription's drug search). */
export function findDrugs(db: Db, typed: string, limit = 20) {
  const words = typed.trim().slice(0, 60);
  if (words.length < 2) return Promise.resolve([]);
  return db.drug.findMany({
    where: {
      isActive: true,
      OR: [
        { name: { contains: words, mode: 'insensitive' } },
        { genericName: { contains: words, mode: 'insensitive' } },
        { code: { equals: words, mode: 'insensitive' } },
      ],
    },
    select: { id: true, code: true, name: true, genericName: true, form: true, strength: true },
    orderBy: { name: 'asc' },
    take: limit,
  });
}

export function drugsInUse(db: Db) {
  return db.drug.findMany({ where: { isActive: true }, orderBy: { name: 'asc' } });
}
