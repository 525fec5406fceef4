/**
 * Laboratory workflow against the real database: every step in order, a
 * second person verifies, only released results reach the patient.
 */
import type { Actor } from '../../../src/modules/actor.js';
import {
  cancelLabOrder,
  collectSample,
  enterResults,
  orderLabTest,
  releaseResults,
  releasedResultsForPatient,
  verifyResults,
} from '../../../src/modules/lab/service.js';
import { createActor, createPatient, createPricedLabTest, unique } from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
let doctor: Actor;
let tech: Actor;
let secondTech: Actor;
let billing: Actor;
beforeAll(async () => {
  [doctor, tech, secondTech, billing] = [
    await createActor(db, 'DOCTOR'),
    await createActor(db, 'LAB_TECH'),
    await createActor(db, 'LAB_TECH'),
    await createActor(db, 'BILLING'),
  ];
});

async function haemoglobinTest() {
  return createPricedLabTest(
    db,
    { name: 'Haemoglobin', sampleType: 'Blood (EDTA)', unit: 'g/dL', refRangeLow: 12, refRangeHigh: 17, price: 350, sacCode: '999316' },
    'HB',
  );
}

describe('a lab order from order to release', () => {
  it('runs order → sample → results (flagged) → verified by a second person → released, visible to the patient only then', async () => {
    const patient = await createPatient(db);
    const test = await haemoglobinTest();
    const order = await orderLabTest(db, doctor, { patientId: patient.id, labTestId: test.id });
    expect(order.orderNo).toMatch(/^LAB\/\d{4}-\d{2}\/\d{6}$/);
    const item = await db.billableItem.findUniqueOrThrow({ where: { sourceRef: `laborder:${order.id}` } });
    expect(item).toMatchObject({ source: 'LAB_TEST', serviceId: test.serviceId });
    expect(item.unitPrice.toFixed(2)).toBe('350.00');

    await collectSample(db, tech, { labOrderId: order.id });
    await enterResults(db, tech, {
      labOrderId: order.id,
      results: [
        { parameter: 'Haemoglobin', value: '9.8' },
        { parameter: 'Remarks', value: 'Microcytic picture' },
      ],
    });
    const results = await db.labResult.findMany({ where: { labOrderId: order.id }, orderBy: { parameter: 'asc' } });
    expect(results.map((r) => [r.parameter, r.isAbnormal, r.unit])).toEqual([
      ['Haemoglobin', true, 'g/dL'],
      ['Remarks', false, null],
    ]);
    expect(await releasedResultsForPatient(db, patient.id)).toEqual([]);

    expect(await errorOf(verifyResults(db, tech, { labOrderId: order.id }))).toMatchObject({ status: 403, code: 'VERIFICATION_REFUSED' });
    expect(await errorOf(verifyResults(db, billing, { labOrderId: order.id }))).toMatchObject({ status: 403 });
    await verifyResults(db, secondTech, { labOrderId: order.id });
    expect(await releasedResultsForPatient(db, patient.id)).toEqual([]);

    await releaseResults(db, doctor, { labOrderId: order.id });
    const visible = await releasedResultsForPatient(db, patient.id);
    expect(visible).toHaveLength(1);
    expect(visible[0]?.results.find((r) => r.parameter === 'Haemoglobin')).toMatchObject({
      value: '9.8',
      isAbnormal: true,
      verifiedById: secondTech.userId,
    });
  });

  it('flags values within range as normal and uses ranges given with the result', async () => {
    const patient = await createPatient(db);
    const order = await orderLabTest(db, doctor, { patientId: patient.id, labTestId: (await haemoglobinTest()).id });
    await collectSample(db, tech, { labOrderId: order.id });
    await enterResults(db, tech, {
      labOrderId: order.id,
      results: [
        { parameter: 'Haemoglobin', value: '13.5' },
        { parameter: 'Ferritin', value: '8', unit: 'ng/mL', refRangeLow: '12', refRangeHigh: '300' },
      ],
    });
    const byName = Object.fromEntries(
      (await db.labResult.findMany({ where: { labOrderId: order.id } })).map((r) => [r.parameter, r.isAbnormal]),
    );
    expect(byName).toEqual({ Haemoglobin: false, Ferritin: true });
  });
});

describe('the lab order state machine', () => {
  type Step = 'collect' | 'enter' | 'verify' | 'release' | 'cancel';
  const run = (step: Step, labOrderId: number) => {
    switch (step) {
      case 'collect':
        return collectSample(db, tech, { labOrderId });
      case 'enter':
        return enterResults(db, tech, { labOrderId, results: [{ parameter: 'Haemoglobin', value: '14' }] });
      case 'verify':
        return verifyResults(db, doctor, { labOrderId });
      case 'release':
        return releaseResults(db, doctor, { labOrderId });
      case 'cancel':
        return cancelLabOrder(db, doctor, { labOrderId, reason: 'Sample haemolysed' });
    }
  };
  const cases: Array<[state: string, reach: Step[], refused: Step[]]> = [
    ['ORDERED', [], ['enter', 'verify', 'release']],
    ['SAMPLE_COLLECTED', ['collect'], ['collect', 'verify', 'release']],
    ['RESULT_ENTERED', ['collect', 'enter'], ['collect', 'release', 'cancel']],
    ['VERIFIED', ['collect', 'enter', 'verify'], ['collect', 'enter', 'verify', 'cancel']],
    ['RELEASED', ['collect', 'enter', 'verify', 'release'], ['collect', 'enter', 'verify', 'release', 'cancel']],
    ['CANCELLED', ['cancel'], ['collect', 'enter', 'verify', 'release', 'cancel']],
  ];

  it.each(cases)('from %s refuses every illegal step and changes nothing', async (state, reach, refused) => {
    const order = await orderLabTest(db, doctor, { patientId: (await createPatient(db)).id, labTestId: (await haemoglobinTest()).id });
    for (const step of reach) await run(step, order.id);
    const before = await db.labOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(before.status).toBe(state);
    for (const step of refused) expect(await errorOf(run(step, order.id))).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    expect(await db.labOrder.findUniqueOrThrow({ where: { id: order.id } })).toEqual(before);
  });

  it('drops the unbilled charge of a cancelled order', async () => {
    const order = await orderLabTest(db, doctor, { patientId: (await createPatient(db)).id, labTestId: (await haemoglobinTest()).id });
    await cancelLabOrder(db, doctor, { labOrderId: order.id, reason: 'Ordered by mistake' });
    expect(await db.billableItem.count({ where: { sourceRef: `laborder:${order.id}` } })).toBe(0);
  });

  it('refuses a test with no tariff price and unknown ids', async () => {
    const bare = await db.labTest.create({ data: { code: unique('X'), name: 'Unpriced test', sampleType: 'Serum' } });
    const patient = await createPatient(db);
    expect((await errorOf(orderLabTest(db, doctor, { patientId: patient.id, labTestId: bare.id })))?.message).toMatch(
      /has no price in the tariff/,
    );
    expect(await errorOf(orderLabTest(db, doctor, { patientId: patient.id, labTestId: 99_999_999 }))).toMatchObject({ status: 404 });
    expect(await errorOf(enterResults(db, tech, { labOrderId: 99_999_999, results: [{ parameter: 'A', value: '1' }] }))).toMatchObject({
      status: 404,
    });
    expect(await db.labOrder.count({ where: { patientId: patient.id } })).toBe(0);
  });
});
