/**
 * Pharmacy stock against the real database: FEFO, never expired, never below
 * zero even when two counters dispense the last units at once, and every
 * change a movement row.
 */
import type { Actor } from '../../../src/modules/actor.js';
import {
  adjustStock,
  dispenseDrug,
  lowStockDrugs,
  nearExpiryBatches,
  receiveStock,
  returnToStock,
  writeOffExpiredBatch,
} from '../../../src/modules/pharmacy/service.js';
import { admitPatient } from '../../../src/modules/admissions/service.js';
import { createActor, createBed, createDoctor, createPatient, istDayFromToday, unique } from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(10);
let pharmacist: Actor;
beforeAll(async () => {
  pharmacist = await createActor(db, 'PHARMACIST');
});

async function drugWithBatches(batches: Array<{ batchNo: string; inDays: number; quantity: number; mrp?: string }>, reorderLevel = 0) {
  const drug = await db.drug.create({
    data: { code: unique('D'), name: `Paracetamol ${unique()}`, gstRate: 5, reorderLevel, hsnCode: '300490' },
  });
  for (const b of batches) {
    if (b.inDays > 0) {
      await receiveStock(db, pharmacist, {
        drugId: drug.id,
        batchNo: b.batchNo,
        expiryDate: istDayFromToday(b.inDays),
        quantity: b.quantity,
        mrp: b.mrp ?? '2.00',
        costPrice: '1.10',
      });
    } else {
      // An already-expired batch cannot be received; it is stock from before its expiry.
      const batch = await db.drugBatch.create({
        data: {
          drugId: drug.id,
          batchNo: b.batchNo,
          expiryDate: new Date(istDayFromToday(b.inDays)),
          quantity: b.quantity,
          mrp: 2,
          costPrice: 1,
        },
      });
      await db.stockMovement.create({ data: { batchId: batch.id, type: 'RECEIPT', quantity: b.quantity } });
    }
  }
  return drug;
}

async function movementsMatchQuantities(drugId: number): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ ok: boolean }>>`
    SELECT b.quantity = COALESCE(SUM(m.quantity), 0) AS ok
    FROM "DrugBatch" b LEFT JOIN "StockMovement" m ON m."batchId" = b.id
    WHERE b."drugId" = ${drugId} GROUP BY b.id`;
  return rows.every((row) => row.ok);
}

describe('receiving and dispensing', () => {
  it('dispenses first-expiry-first-out across batches, skipping expired ones, and bills at each batch’s MRP', async () => {
    const drug = await drugWithBatches([
      { batchNo: 'LATE', inDays: 400, quantity: 100, mrp: '2.20' },
      { batchNo: 'EXPIRED', inDays: -3, quantity: 50 },
      { batchNo: 'SOON', inDays: 30, quantity: 5, mrp: '2.00' },
    ]);
    const patient = await createPatient(db);
    const dispensed = await dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: drug.id, quantity: 8 });
    expect(dispensed.map((d) => [d.quantity, d.unitPrice.toFixed(2)])).toEqual([
      [5, '2.00'],
      [3, '2.20'],
    ]);
    const batches = await db.drugBatch.findMany({ where: { drugId: drug.id }, orderBy: { batchNo: 'asc' } });
    expect(batches.map((b) => [b.batchNo, b.quantity])).toEqual([
      ['EXPIRED', 50],
      ['LATE', 97],
      ['SOON', 0],
    ]);
    const items = await db.billableItem.findMany({ where: { patientId: patient.id, source: 'DRUG' }, orderBy: { id: 'asc' } });
    expect(items.map((i) => [i.quantity.toNumber(), i.unitPrice.toFixed(2), i.gstRate.toNumber(), i.priceIncludesGst])).toEqual([
      [5, '2.00', 5, true],
      [3, '2.20', 5, true],
    ]);
    expect(await movementsMatchQuantities(drug.id)).toBe(true);
  });

  it('never dispenses from expired stock or below zero, and changes nothing when short', async () => {
    const drug = await drugWithBatches([
      { batchNo: 'OLD', inDays: -1, quantity: 100 },
      { batchNo: 'OK', inDays: 60, quantity: 4 },
    ]);
    const patient = await createPatient(db);
    const err = await errorOf(dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: drug.id, quantity: 5 }));
    expect(err).toMatchObject({ status: 409, code: 'STOCK_SHORT' });
    expect(err?.message).toMatch(/^Only 4 units of .* in stock \(unexpired\); 5 requested$/);
    expect(await db.dispensation.count({ where: { drugId: drug.id } })).toBe(0);
    expect((await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id, batchNo: 'OK' } })).quantity).toBe(4);
  });

  it('serves one of two counters dispensing the last units at once; the other is told stock is short', async () => {
    const drug = await drugWithBatches([{ batchNo: 'LAST', inDays: 90, quantity: 10 }]);
    const [a, b] = [await createPatient(db), await createPatient(db)];
    const outcomes = await Promise.allSettled([
      dispenseDrug(db, pharmacist, { patientId: a.id, drugId: drug.id, quantity: 7 }),
      dispenseDrug(db, pharmacist, { patientId: b.id, drugId: drug.id, quantity: 7 }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'STOCK_SHORT', details: { available: 3, wanted: 7 } });
    expect((await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id } })).quantity).toBe(3);
    expect(await movementsMatchQuantities(drug.id)).toBe(true);
  });

  it('refuses bad input with a clear message: negative quantities, expired receipts, unknown ids', async () => {
    const drug = await drugWithBatches([{ batchNo: 'B', inDays: 90, quantity: 10 }]);
    const patient = await createPatient(db);
    expect(await errorOf(dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: drug.id, quantity: -2 }))).toMatchObject({
      name: 'ZodError',
    });
    expect(await errorOf(dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: 99_999_999, quantity: 1 }))).toMatchObject({
      status: 404,
    });
    const expired = await errorOf(
      receiveStock(db, pharmacist, {
        drugId: drug.id,
        batchNo: 'X',
        expiryDate: istDayFromToday(-1),
        quantity: 5,
        mrp: '2',
        costPrice: '1',
      }),
    );
    expect(expired?.message).toMatch(/already expired/);
    expect((await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id } })).quantity).toBe(10);
  });
});

describe('returns, adjustments and write-offs', () => {
  it('takes back returned units into their batch and shrinks the unbilled charge', async () => {
    const drug = await drugWithBatches([{ batchNo: 'R', inDays: 120, quantity: 20 }]);
    const patient = await createPatient(db);
    const [dispensation] = await dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: drug.id, quantity: 6 });
    await returnToStock(db, pharmacist, { dispensationId: dispensation?.id, quantity: 2 });
    expect((await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id } })).quantity).toBe(16);
    expect(
      (await db.billableItem.findUniqueOrThrow({ where: { sourceRef: `dispensation:${dispensation?.id}` } })).quantity.toNumber(),
    ).toBe(4);
    expect((await errorOf(returnToStock(db, pharmacist, { dispensationId: dispensation?.id, quantity: 5 })))?.message).toMatch(
      /Only 4 unit/,
    );
    expect(await movementsMatchQuantities(drug.id)).toBe(true);
  });

  it('adjusts with a reason but never below zero, and writes off only expired batches', async () => {
    const drug = await drugWithBatches([
      { batchNo: 'ADJ', inDays: 200, quantity: 10 },
      { batchNo: 'GONE', inDays: -10, quantity: 7 },
    ]);
    const adj = await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id, batchNo: 'ADJ' } });
    const gone = await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id, batchNo: 'GONE' } });
    await adjustStock(db, pharmacist, { batchId: adj.id, change: -3, reason: 'Strip damaged in storage' });
    expect((await errorOf(adjustStock(db, pharmacist, { batchId: adj.id, change: -8, reason: 'Stock-take difference' })))?.message).toMatch(
      /cannot go below zero/,
    );
    expect((await errorOf(writeOffExpiredBatch(db, pharmacist, { batchId: adj.id })))?.message).toMatch(/has not expired yet/);
    await writeOffExpiredBatch(db, pharmacist, { batchId: gone.id });
    const types = (await db.stockMovement.findMany({ where: { batch: { drugId: drug.id } } })).map((m) => m.type).sort();
    expect(types).toEqual(['ADJUSTMENT', 'EXPIRY_WRITE_OFF', 'RECEIPT', 'RECEIPT']);
    expect((await db.drugBatch.findUniqueOrThrow({ where: { id: gone.id } })).quantity).toBe(0);
    expect(await movementsMatchQuantities(drug.id)).toBe(true);
  });
});

describe('lists', () => {
  it('lists near-expiry batches within the configured days and drugs at or below their reorder level', async () => {
    const drug = await drugWithBatches(
      [
        { batchNo: 'NEAR', inDays: 20, quantity: 5 },
        { batchNo: 'FAR', inDays: 300, quantity: 5 },
      ],
      50,
    );
    const near = (await nearExpiryBatches(db, 90)).filter((b) => b.drugId === drug.id).map((b) => b.batchNo);
    expect(near).toEqual(['NEAR']);
    expect((await nearExpiryBatches(db, 10)).some((b) => b.drugId === drug.id)).toBe(false);
    const low = (await lowStockDrugs(db)).find((d) => d.id === drug.id);
    expect(low).toMatchObject({ onHand: 10, reorderLevel: 50 });
  });
});

describe('dispensing to an inpatient', () => {
  it('ties medicines to the current admission when no OPD visit is named', async () => {
    const drug = await drugWithBatches([{ batchNo: 'IPD', inDays: 90, quantity: 10 }]);
    const patient = await createPatient(db);
    const admission = await admitPatient(db, pharmacist, {
      patientId: patient.id,
      bedId: (await createBed(db)).id,
      doctorId: (await createDoctor(db)).id,
    });
    const [dispensation] = await dispenseDrug(db, pharmacist, { patientId: patient.id, drugId: drug.id, quantity: 2 });
    expect(dispensation?.admissionId).toBe(admission.id);
    expect((await db.billableItem.findUniqueOrThrow({ where: { sourceRef: `dispensation:${dispensation?.id}` } })).admissionId).toBe(
      admission.id,
    );
  });
});
