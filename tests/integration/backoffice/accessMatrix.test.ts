/**
 * Deny by default, over the whole back-office: every role × every resource ×
 * every action the resource offers, asserting 403 exactly where admin/access.ts
 * names no such role, and never a 5xx. Then the spellings a router might be
 * lenient about (case, trailing slashes, encodings) and the fiscal records that
 * no role and no door may delete or rewrite — down to raw SQL (the triggers).
 */
import type { Role } from '@prisma/client';
import type TestAgent from 'supertest/lib/agent.js';
import request from 'supertest';
import { rolesForAction } from '../../../admin/access.js';
import { loadDatamodel } from '../../../admin/dmmf.js';
import { backOfficeModelNames } from '../../../admin/resources.js';
import { createActor, createIssuedInvoice } from '../../factories.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { signedInAs, type BackOfficeApp, startBackOffice } from '../../support/backOffice.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
let office: BackOfficeApp;
const agents = new Map<Role, TestAgent>();
const ROLES: Role[] = ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'];
let models: string[] = [];
let actionsOf: Map<string, string[]>;

beforeAll(async () => {
  office = await startBackOffice(db);
  for (const role of ROLES) agents.set(role, (await signedInAs(office.app, db, role)).agent);
  models = backOfficeModelNames(await loadDatamodel());
  actionsOf = new Map(models.map((model) => [model, Object.keys(office.backOffice.admin.findResource(model).decorate().actions)]));
});
afterAll(() => office.backOffice.close());
const agent = (role: Role) => agents.get(role) as TestAgent;

/** The API address of an action (a record action on an id no record has: the role check comes first). */
function addressOf(model: string, action: string): string {
  const decorated = office.backOffice.admin.findResource(model).decorate().actions[action] as unknown as {
    action?: { actionType?: unknown };
  };
  const kind = decorated?.action?.actionType;
  if (kind === 'record') return `/admin/api/resources/${model}/records/2147483000/${action}`;
  if (kind === 'bulk') return `/admin/api/resources/${model}/bulk/${action}?recordIds=2147483000`;
  return `/admin/api/resources/${model}/actions/${action}`;
}

describe('every role × every resource × every action', () => {
  it.each(ROLES)('as %s: 403 exactly where the access table names no such role, never a 5xx', async (role) => {
    const wrong: string[] = [];
    for (const model of models) {
      for (const action of actionsOf.get(model) ?? []) {
        const res = await agent(role).get(addressOf(model, action));
        const allowed = rolesForAction(model, action)?.includes(role) ?? false;
        if (res.status >= 500 || (res.status === 403) === allowed) wrong.push(`${model}.${action}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an action no table names, and a resource that is not there', async () => {
    const unknownAction = await agent('ADMIN').post('/admin/api/resources/Patient/actions/exportEverything');
    expect(unknownAction.status).toBe(403);
    expect((await agent('ADMIN').get('/admin/api/resources/Session/actions/list')).status).toBe(404);
    expect((await agent('ADMIN').get('/admin/api/resources/NoSuchModel/actions/list')).status).toBe(404);
    expect((await agent('ADMIN').get('/admin/api/whatever')).status).toBe(404);
  });

  it('answers a back-office API call without a session with 401, a page with the login form', async () => {
    expect((await request(office.app).get('/admin/api/resources/Patient/actions/list')).status).toBe(401);
    const page = await request(office.app).get('/admin/resources/Patient');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/admin/login');
  });
});

describe('fiscal records', () => {
  let invoiceId: number;
  let number: string | null;
  let paymentId: number;

  beforeAll(async () => {
    const billing = await createActor(db, 'BILLING');
    const invoice = await createIssuedInvoice(db, billing, '1180');
    const payment = await recordPayment(db, billing, { invoiceId: invoice.id, method: 'CASH', amount: '100' });
    [invoiceId, number, paymentId] = [invoice.id, invoice.number, payment.id];
  });

  const invoiceIntact = async () => {
    const now = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    expect(now).toMatchObject({ number });
    expect(now.total.toFixed(2)).toBe('1180.00');
    expect(await db.payment.count({ where: { id: paymentId } })).toBe(1);
  };

  it.each(ROLES)('an issued invoice and its payment survive every door as %s, in any spelling', async (role) => {
    const attempts = [
      agent(role).post(`/admin/api/resources/Invoice/records/${invoiceId}/delete`),
      agent(role).post(`/admin/api/resources/Invoice/bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/Invoice/Bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/Invoice/bulk/BulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/invoice/bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/API/resources/Invoice/bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/ADMIN/api/resources/Invoice/bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/Invoice/bulk/bulkDelete/?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/%49nvoice/bulk/bulkDelete?recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/Invoice/bulk/bulkDelete?recordIds=${invoiceId}&recordIds=${invoiceId}`),
      agent(role).post(`/admin/api/resources/Invoice/records/${invoiceId}/edit`).type('form').send({ total: '1', cancelReason: 'x' }),
      agent(role).post(`/admin/api/resources/Payment/records/${paymentId}/delete`),
      agent(role).post(`/admin/api/resources/Payment/bulk/bulkDelete?recordIds=${paymentId}`),
      agent(role).post(`/admin/api/resources/Payment/records/${paymentId}/edit`).type('form').send({ amount: '1' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([403, 404]).toContain(res.status);
      expect(res.body.error?.code).toBeDefined();
    }
    await invoiceIntact();
  });

  it('refuses raw SQL too: the database triggers keep the numbering gapless whatever code runs', async () => {
    const refusals = [
      `DELETE FROM "Invoice" WHERE id = ${invoiceId}`,
      `UPDATE "Invoice" SET "total" = 1 WHERE id = ${invoiceId}`,
      `UPDATE "Invoice" SET "number" = NULL, "status" = 'DRAFT' WHERE id = ${invoiceId}`,
      `DELETE FROM "InvoiceLine" WHERE "invoiceId" = ${invoiceId}`,
      `UPDATE "InvoiceLine" SET "lineTotal" = 1 WHERE "invoiceId" = ${invoiceId}`,
      `DELETE FROM "Payment" WHERE id = ${paymentId}`,
      `UPDATE "Payment" SET "amount" = 1 WHERE id = ${paymentId}`,
      `UPDATE "Sequence" SET "lastValue" = 0`,
      `DELETE FROM "Sequence"`,
      `TRUNCATE "Invoice" CASCADE`,
    ];
    for (const sql of refusals) await expect(db.$executeRawUnsafe(sql)).rejects.toThrow(/Fiscal record/);
    await invoiceIntact();
    // What the money flows themselves change is still allowed: the paid amount and the status.
    await db.$executeRawUnsafe(`UPDATE "Invoice" SET "amountPaid" = "amountPaid" WHERE id = ${invoiceId}`);
  });
});
