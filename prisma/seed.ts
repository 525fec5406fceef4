/**
 * Seeds the demo hospital once: departments, doctors with weekly schedules,
 * 220 patients, tariff, wards and beds, drugs with batches, lab tests and one
 * staff login per role (password Demo@1234). Never runs in production
 * (server.ts checks env.SEED_DEMO_DATA, which is forced off there).
 *
 * Deterministic: a fixed pseudo-random sequence, so every fresh install shows
 * the same hospital. Runs in one transaction: a crash leaves nothing behind.
 *
 *   npx prisma db seed   (or: npm run db:seed)
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import { hashPassword } from '../src/modules/staff/passwords.js';
import * as demo from './demo/hospital.js';

type Tx = Prisma.TransactionClient;

export const DEMO_PATIENT_COUNT = 220;

/** mulberry32: tiny seeded PRNG, good enough to pick demo names. */
function randomSequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function emailForDoctor(name: string): string {
  const slug = name
    .replace(/^Dr\.\s*/, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
  return `dr.${slug}@${demo.DEMO_EMAIL_DOMAIN}`;
}

async function seedStaff(tx: Tx, passwordHash: string): Promise<void> {
  await tx.user.createMany({
    data: demo.staffLogins.map((login) => ({ ...login, passwordHash })),
  });
}

async function seedDepartmentsAndDoctors(tx: Tx, passwordHash: string): Promise<void> {
  await tx.department.createMany({ data: demo.departments.map((d) => ({ code: d.code, name: d.name })) });
  const departmentIds = new Map((await tx.department.findMany()).map((d) => [d.code, d.id]));

  for (const [index, doctor] of demo.doctors.entries()) {
    // The first doctor is the `doctor@` demo login created with the staff.
    const email = index === 0 ? `doctor@${demo.DEMO_EMAIL_DOMAIN}` : emailForDoctor(doctor.name);
    const user =
      index === 0
        ? await tx.user.findUniqueOrThrow({ where: { email } })
        : await tx.user.create({ data: { email, name: doctor.name, role: 'DOCTOR', passwordHash } });
    const evening = index % 3 === 2;
    await tx.doctor.create({
      data: {
        userId: user.id,
        name: doctor.name,
        departmentId: departmentIds.get(doctor.dept) as number,
        registrationNo: `MMC-${2005 + index}-${String(41230 + index * 37)}`,
        qualification: doctor.qualification,
        specialization: demo.departments.find((d) => d.code === doctor.dept)?.name ?? null,
        consultationFee: new Prisma.Decimal(doctor.fee),
        followUpFee: new Prisma.Decimal(doctor.fee).div(2).toDecimalPlaces(2),
        schedules: {
          // Monday to Saturday; every third doctor also holds an evening OPD.
          create: [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
            { weekday, startTime: '09:00', endTime: '13:00', slotMinutes: 15, maxPatients: 16 },
            ...(evening && weekday <= 5 ? [{ weekday, startTime: '17:00', endTime: '20:00', slotMinutes: 20, maxPatients: 9 }] : []),
          ]),
        },
      },
    });
  }
}

async function seedPatients(tx: Tx, random: () => number): Promise<void> {
  const today = new Date();
  const patients = Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => {
    const gender = random() < 0.5 ? 'MALE' : 'FEMALE';
    const first = pick(random, demo.firstNames[gender]);
    const surname = pick(random, demo.surnames);
    const place = pick(random, demo.cities);
    const ageYears = Math.floor(random() * 85);
    const dob = new Date(Date.UTC(today.getUTCFullYear() - ageYears, Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    const mobile = `+91${pick(random, ['98', '97', '96', '94', '88', '87', '70', '77'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    return {
      // No uhid: the database numbers patients (PH-000001 …) in insertion order.
      name: `${first} ${surname}`,
      gender,
      dateOfBirth: dob,
      phone: mobile,
      email: random() < 0.4 ? `${first}.${surname}${i}@example.in`.toLowerCase() : null,
      addressLine: `${1 + Math.floor(random() * 200)}, ${pick(random, demo.localities)}`,
      city: place.city,
      stateCode: place.stateCode,
      pincode: pick(random, place.pincodes),
      bloodGroup: pick(random, ['A_POS', 'B_POS', 'O_POS', 'AB_POS', 'O_NEG', 'A_NEG', 'B_NEG'] as const),
      emergencyContactName: `${pick(random, demo.firstNames[gender === 'MALE' ? 'FEMALE' : 'MALE'])} ${surname}`,
      emergencyContactPhone: `+91${pick(random, ['99', '98', '90'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    } satisfies Prisma.PatientCreateManyInput;
  });
  await tx.patient.createMany({ data: patients });
}

async function seedTariffAndLab(tx: Tx): Promise<void> {
  await tx.service.createMany({
    data: demo.services.map((s) => ({
      code: s.code,
      name: s.name,
      category: s.category,
      price: new Prisma.Decimal(s.price),
      gstRate: new Prisma.Decimal(s.gst),
      isHealthCare: !('healthCare' in s) || s.healthCare !== false,
      sacCode: s.sac,
    })),
  });
  for (const test of demo.labTests) {
    await tx.labTest.create({
      data: {
        code: test.code,
        name: test.name,
        sampleType: test.sample,
        unit: test.unit,
        refRangeLow: test.low === null ? null : new Prisma.Decimal(test.low),
        refRangeHigh: test.high === null ? null : new Prisma.Decimal(test.high),
        service: {
          create: { code: `LAB-${test.code}`, name: test.name, category: 'LAB', price: new Prisma.Decimal(test.price), sacCode: '999316' },
        },
      },
    });
  }
}

async function seedWards(tx: Tx): Promise<void> {
  for (const ward of demo.wards) {
    await tx.ward.create({
      data: {
        code: ward.code,
        name: ward.name,
        category: ward.category,
        floor: ward.floor,
        dailyRate: new Prisma.Decimal(ward.rate),
        admits: 'admits' in ward ? ward.admits : 'ANYONE',
        beds: { create: Array.from({ length: ward.beds }, (_, i) => ({ bedNumber: `${ward.code}-${String(i + 1).padStart(2, '0')}` })) },
      },
    });
  }
}

async function seedPharmacy(tx: Tx, random: () => number): Promise<void> {
  const today = new Date();
  const inDays = (days: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days));
  for (const [index, drug] of demo.drugs.entries()) {
    const created = await tx.drug.create({
      data: {
        code: drug.code,
        name: drug.name,
        genericName: drug.generic,
        form: drug.form,
        manufacturer: pick(random, ['Cipla', 'Sun Pharma', "Dr. Reddy's", 'Lupin', 'Mankind', 'Alkem']),
        hsnCode: drug.hsn,
        // Medicines (HSN 3004) are 5 % since 22-09-2025 (notification 9/2025-CTR).
        gstRate: new Prisma.Decimal(5),
        reorderLevel: 50,
      },
    });
    // One older batch close to expiry (shows on the near-expiry list) and one fresh batch.
    const batches = [
      { batchNo: `${drug.code}-A${24 + index}`, expiryDate: inDays(45 + index * 3), quantity: 40 + Math.floor(random() * 60) },
      { batchNo: `${drug.code}-B${25 + index}`, expiryDate: inDays(540 + index * 10), quantity: 200 + Math.floor(random() * 800) },
    ];
    for (const batch of batches) {
      await tx.drugBatch.create({
        data: {
          drugId: created.id,
          ...batch,
          mrp: new Prisma.Decimal(drug.mrp),
          costPrice: new Prisma.Decimal(drug.cost),
          // The opening stock is a movement like any other, so stock stays auditable.
          movements: { create: { type: 'RECEIPT', quantity: batch.quantity, note: 'Opening stock (demo)' } },
        },
      });
    }
  }
}

async function seedHolidays(tx: Tx): Promise<void> {
  const year = new Date().getUTCFullYear();
  await tx.holiday.createMany({
    data: [
      { date: new Date(Date.UTC(year, 0, 26)), name: 'Republic Day' },
      { date: new Date(Date.UTC(year, 7, 15)), name: 'Independence Day' },
      { date: new Date(Date.UTC(year, 9, 2)), name: 'Gandhi Jayanti' },
    ],
    skipDuplicates: true,
  });
}

export interface SeedResult {
  seeded: boolean;
}

/** Seeds the demo hospital unless the database already has staff users. */
export async function seedDemoHospital(db: PrismaClient): Promise<SeedResult> {
  if ((await db.user.count()) > 0) return { seeded: false };
  const passwordHash = await hashPassword(demo.DEMO_PASSWORD);
  const random = randomSequence(20261124);
  await db.$transaction(
    async (tx) => {
      await seedStaff(tx, passwordHash);
      await seedDepartmentsAndDoctors(tx, passwordHash);
      await seedPatients(tx, random);
      await seedTariffAndLab(tx);
      await seedWards(tx);
      await seedPharmacy(tx, random);
      await seedHolidays(tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { seeded: true };
}
