/**
 * Factories: valid records with unique data, so every test states only what
 * matters to it and never depends on another test's rows.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '@prisma/client';
import type { Db } from '../src/config/db.js';

export const unique = (prefix = ''): string => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;

let phoneCounter = 0;
const uniquePhone = () => `+9198${String(process.pid % 1000).padStart(3, '0')}${String(++phoneCounter % 100000).padStart(5, '0')}`;

export function createPatient(db: Db, overrides: Partial<Prisma.PatientUncheckedCreateInput> = {}) {
  return db.patient.create({
    data: { name: 'Test Patient', gender: 'FEMALE', phone: uniquePhone(), ...overrides },
  });
}

export async function createDepartment(db: Db, overrides: Partial<Prisma.DepartmentCreateInput> = {}) {
  const code = unique('D');
  return db.department.create({ data: { code, name: `Department ${code}`, ...overrides } });
}

export async function createDoctor(db: Db, overrides: Partial<Prisma.DoctorUncheckedCreateInput> = {}) {
  const user = await db.user.create({
    data: { email: `${unique('dr')}@test.parth.hospital`, name: 'Dr. Test', role: 'DOCTOR', passwordHash: 'x' },
  });
  const departmentId = overrides.departmentId ?? (await createDepartment(db)).id;
  return db.doctor.create({
    data: {
      userId: user.id,
      name: 'Dr. Test',
      departmentId,
      registrationNo: unique('REG-'),
      qualification: 'MBBS',
      consultationFee: new Prisma.Decimal('500.00'),
      ...overrides,
    },
  });
}

export async function createBed(db: Db) {
  const code = unique('W');
  const ward = await db.ward.create({
    data: { code, name: `Ward ${code}`, category: 'General', dailyRate: new Prisma.Decimal('1500.00') },
  });
  return db.bed.create({ data: { wardId: ward.id, bedNumber: '01' } });
}

export function createDraftInvoice(db: Db, patientId: number, overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {}) {
  return db.invoice.create({ data: { patientId, ...overrides } });
}
