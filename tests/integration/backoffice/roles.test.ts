/**
 * The role rules of admin/access.ts, enforced by the server: every role ×
 * a representative set of resources and actions, asserting 200 or 403.
 */
import type { Role } from '@prisma/client';
import type { Db } from '../../../src/config/db.js';
import type TestAgent from 'supertest/lib/agent.js';
import { createDraftInvoice, createPatient, unique } from '../../factories.js';
import { signedInAs, startBackOffice, type BackOfficeApp } from '../../support/backOffice.js';
import { testDb } from '../../support/env.js';

let db: Db;
let office: BackOfficeApp;
const agents = new Map<Role, TestAgent>();
const ROLES: Role[] = ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'];

beforeAll(async () => {
  db = testDb();
  office = await startBackOffice(db);
  for (const role of ROLES) agents.set(role, (await signedInAs(office.app, db, role)).agent);
});
afterAll(async () => {
  await office.backOffice.close();
  await db.$disconnect();
});

const agent = (role: Role) => agents.get(role) as TestAgent;
const list = (role: Role, model: string) => agent(role).get(`/admin/api/resources/${model}/actions/list`);

// prettier-ignore
const readMatrix: Array<[model: string, allowed: Role[]]> = [
  ['Patient',   ROLES],
  ['AuditLog',  ['ADMIN']],
  ['User',      ['ADMIN']],
  ['Invoice',   ['ADMIN', 'BILLING', 'RECEPTIONIST']],
  ['LabResult', ['ADMIN', 'DOCTOR', 'NURSE', 'LAB_TECH']],
  ['StockMovement', ['ADMIN', 'PHARMACIST']],
  ['Service',   ROLES],
];

describe.each(readMatrix)('listing %s', (model, allowed) => {
  it.each(ROLES)(`as %s`, async (role) => {
    const res = await list(role, model);
    expect(res.status).toBe(allowed.includes(role) ? 200 : 403);
    if (res.status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('creating and editing', () => {
  it.each(ROLES)('only front desk, nurses and admins register patients (%s)', async (role) => {
    const res = await agent(role)
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ uhid: unique('R-'), name: `Role ${role}`, gender: 'MALE', phone: '+919812345678' });
    expect(res.status).toBe(['ADMIN', 'RECEPTIONIST', 'NURSE'].includes(role) ? 200 : 403);
  });

  it.each(ROLES)('only billing and admins edit the tariff (%s)', async (role) => {
    const service = await db.service.create({ data: { code: unique('T'), name: 'Tariff item', category: 'OTHER', price: 100 } });
    const res = await agent(role).post(`/admin/api/resources/Service/records/${service.id}/edit`).type('form').send({ price: '120' });
    expect(res.status).toBe(['ADMIN', 'BILLING'].includes(role) ? 200 : 403);
    const after = await db.service.findUniqueOrThrow({ where: { id: service.id } });
    expect(after.price.toFixed(2)).toBe(['ADMIN', 'BILLING'].includes(role) ? '120.00' : '100.00');
  });

  it('refuses on its field a tariff rate that is no GST slab today (12 % went on 22-09-2025)', async () => {
    const service = await db.service.create({ data: { code: unique('T'), name: 'Tariff item', category: 'OTHER', price: 100 } });
    const res = await agent('BILLING').post(`/admin/api/resources/Service/records/${service.id}/edit`).type('form').send({ gstRate: '12' });
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/12% is not a GST rate in force on \d{2}-\d{2}-\d{4}: choose one of the rates in force/);
    expect(res.body.record?.errors?.gstRate?.message ?? res.body.error?.details?.[0]?.path).toBeTruthy();
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).gstRate.toNumber()).toBe(0);
    await agent('BILLING').post(`/admin/api/resources/Service/records/${service.id}/edit`).type('form').send({ gstRate: '5' }).expect(200);
  });

  it('lets no billing clerk edit a lab result', async () => {
    const patient = await createPatient(db);
    const test = await db.labTest.create({ data: { code: unique('L'), name: 'Hb', sampleType: 'Blood' } });
    const order = await db.labOrder.create({ data: { orderNo: unique('LO-'), patientId: patient.id, labTestId: test.id } });
    const result = await db.labResult.create({ data: { labOrderId: order.id, parameter: 'Hb', value: '13.2' } });
    const res = await agent('BILLING').post(`/admin/api/resources/LabResult/records/${result.id}/edit`).type('form').send({ value: '9.9' });
    expect(res.status).toBe(403);
    expect((await db.labResult.findUniqueOrThrow({ where: { id: result.id } })).value).toBe('13.2');
  });

  it.each(ROLES)('only admins create staff users (%s)', async (role) => {
    const res = await agent(role)
      .post('/admin/api/resources/User/actions/new')
      .type('form')
      .send({ email: `${unique('new')}@test.parth.hospital`, name: 'New', role: 'NURSE', password: 'Secret123x' });
    expect(res.status).toBe(role === 'ADMIN' ? 200 : 403);
  });
});

describe('deleting', () => {
  it('lets nobody, not even an admin, delete an issued invoice or an audit entry', async () => {
    const patient = await createPatient(db);
    const issued = await createDraftInvoice(db, patient.id, { number: unique('PH/'), status: 'ISSUED', issuedAt: new Date() });
    for (const role of ['ADMIN', 'BILLING'] as Role[]) {
      const res = await agent(role).post(`/admin/api/resources/Invoice/records/${issued.id}/delete`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/issued invoice or credit note is never deleted/);
    }
    expect(await db.invoice.count({ where: { id: issued.id } })).toBe(1);

    const entry = await db.auditLog.findFirstOrThrow();
    expect((await agent('ADMIN').post(`/admin/api/resources/AuditLog/records/${entry.id}/delete`)).status).toBe(403);
    expect(
      (await agent('ADMIN').post(`/admin/api/resources/AuditLog/records/${entry.id}/edit`).type('form').send({ model: 'x' })).status,
    ).toBe(403);
    expect((await agent('ADMIN').post(`/admin/api/resources/AuditLog/bulk/bulkDelete?recordIds=${entry.id}`)).status).toBe(403);
  });

  it('lets billing delete a draft invoice', async () => {
    const patient = await createPatient(db);
    const draft = await createDraftInvoice(db, patient.id);
    const res = await agent('BILLING').post(`/admin/api/resources/Invoice/records/${draft.id}/delete`);
    expect(res.status).toBe(200);
    expect(await db.invoice.count({ where: { id: draft.id } })).toBe(0);
  });
});

describe('internal tables', () => {
  it('are not reachable by anyone', async () => {
    for (const model of ['Session', 'LoginThrottle']) {
      const res = await list('ADMIN', model);
      expect(res.status).not.toBe(200);
    }
  });
});
