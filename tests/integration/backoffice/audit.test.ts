/**
 * Every change made through the back-office is in the audit log, with who,
 * what, before/after and from where; secrets never leave the server.
 */
import { Prisma } from '@prisma/client';
import { recordAudit } from '../../../src/modules/audit/service.js';
import { verifyPassword } from '../../../src/modules/staff/passwords.js';
import { unique } from '../../factories.js';
import { randomIp, signedInAs, signIn } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);

describe('the audit trail', () => {
  it('records a patient registered, corrected and removed, with before/after, user and address', async () => {
    const { agent: reception, staff: clerk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const created = await reception
      .post('/admin/api/resources/Patient/actions/new')
      .set('X-Forwarded-For', '10.20.30.40')
      .type('form')
      .send({ name: 'Sunita Jadhav', gender: 'FEMALE', phone: '+919822012345', city: 'Pune' });
    expect(created.status).toBe(200);
    const id = created.body.record.params.id as number;
    const { uhid } = await db.patient.findUniqueOrThrow({ where: { id } });
    expect(uhid).toMatch(/^PH-\d{6,}$/);

    const createRow = await db.auditLog.findFirstOrThrow({ where: { model: 'Patient', recordId: String(id), action: 'CREATE' } });
    expect(createRow).toMatchObject({ userId: clerk.id, ip: '10.20.30.40' });
    expect(createRow.after).toMatchObject({ uhid, name: 'Sunita Jadhav', phone: '+919822012345' });

    await reception.post(`/admin/api/resources/Patient/records/${id}/edit`).type('form').send({ city: 'Nashik' }).expect(200);
    const updateRow = await db.auditLog.findFirstOrThrow({ where: { model: 'Patient', recordId: String(id), action: 'UPDATE' } });
    expect(updateRow.before).toEqual({ city: 'Pune' });
    expect(updateRow.after).toEqual({ city: 'Nashik' });

    const { agent: admin, staff: adminUser } = await signedInAs(office.app, db, 'ADMIN');
    await admin.post(`/admin/api/resources/Patient/records/${id}/delete`).expect(200);
    const deleteRow = await db.auditLog.findFirstOrThrow({ where: { model: 'Patient', recordId: String(id), action: 'DELETE' } });
    expect(deleteRow.userId).toBe(adminUser.id);
    expect(deleteRow.before).toMatchObject({ uhid, city: 'Nashik' });
  });

  it('writes no audit row when the change is refused, and no change without its audit row', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const abhaNumber = unique('91').slice(0, 14);
    await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ abhaNumber, name: 'First', gender: 'MALE', phone: '+919800011122' });
    const before = await db.auditLog.count({ where: { model: 'Patient', action: 'CREATE' } });
    const duplicate = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ abhaNumber, name: 'Second', gender: 'MALE', phone: '+919800011123' });
    expect(duplicate.body.notice).toMatchObject({ type: 'error' });
    expect(duplicate.body.record.errors.abhaNumber.message).toBe('A record with these details already exists');
    expect(await db.patient.count({ where: { abhaNumber } })).toBe(1);
    expect(await db.auditLog.count({ where: { model: 'Patient', action: 'CREATE' } })).toBe(before);
  });
});

describe('an audit row as written', () => {
  it('keeps its values, a missing before as NULL, and the moment of each write inside a long transaction', async () => {
    const recordId = unique('r');
    const actor = { userId: null, ip: '10.1.2.3', userAgent: 'u'.repeat(400) };
    const started = new Date();
    await db.$transaction(async (tx) => {
      await recordAudit(tx, actor, {
        action: 'ACTION',
        model: 'Invoice',
        recordId,
        after: { step: 1, total: new Prisma.Decimal('1250.50') },
      });
      await tx.$executeRaw`SELECT pg_sleep(0.05)`;
      await recordAudit(tx, actor, {
        action: 'ACTION',
        model: 'Invoice',
        recordId,
        before: { step: 1 },
        after: { step: 2, note: 'ऋण "quoted"' },
      });
    });
    const [first, second] = await db.auditLog.findMany({ where: { recordId }, orderBy: { id: 'asc' } });
    expect(first).toMatchObject({
      action: 'ACTION',
      model: 'Invoice',
      ip: '10.1.2.3',
      userId: null,
      before: null,
      after: { step: 1, total: '1250.5' },
    });
    expect(first!.userAgent).toHaveLength(300);
    expect(second).toMatchObject({ before: { step: 1 }, after: { step: 2, note: 'ऋण "quoted"' } });
    // Each row's own time (not the transaction's start): the second is at least the pause later.
    expect(first!.createdAt.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    expect(second!.createdAt.getTime() - first!.createdAt.getTime()).toBeGreaterThanOrEqual(45);
  });
});

describe('fields the form does not offer', () => {
  it('are ignored in a crafted request: a UHID cannot be chosen, a batch quantity cannot be typed', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const res = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ uhid: 'PH-999999', name: 'Crafted', gender: 'MALE', phone: '+919800022233', portalPasswordHash: 'x' });
    const patient = await db.patient.findUniqueOrThrow({ where: { id: res.body.record.params.id } });
    expect(patient.uhid).not.toBe('PH-999999');
    expect(patient.portalPasswordHash).toBeNull();

    const { agent: pharmacist } = await signedInAs(office.app, db, 'PHARMACIST');
    const drug = await db.drug.create({ data: { code: unique('DG'), name: 'Test tablet' } });
    const batch = await db.drugBatch.create({
      data: { drugId: drug.id, batchNo: 'B1', expiryDate: new Date('2028-01-31'), mrp: 5, costPrice: 3 },
    });
    await pharmacist
      .post(`/admin/api/resources/DrugBatch/records/${batch.id}/edit`)
      .type('form')
      .send({ quantity: '500', mrp: '6' })
      .expect(200);
    const after = await db.drugBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(after.quantity).toBe(0);
    expect(after.mrp.toFixed(2)).toBe('6.00');
  });
});

describe('staff passwords', () => {
  it('hashes the password of a staff user created by an admin, and never sends the hash back', async () => {
    const { agent } = await signedInAs(office.app, db, 'ADMIN');
    const email = `${unique('nurse')}@test.parth.hospital`;
    const created = await agent
      .post('/admin/api/resources/User/actions/new')
      .type('form')
      .send({ email, name: 'Sister Asha', role: 'NURSE', password: 'Ward7Night' });
    expect(created.status).toBe(200);
    expect(created.text).not.toContain('$2b$');
    expect(created.text).not.toContain('Ward7Night');

    const user = await db.user.findUniqueOrThrow({ where: { email } });
    // Tests hash at bcrypt's minimum cost (tests/support/perWorker.ts); production's is 12.
    expect(user.passwordHash).toMatch(/^\$2b\$04\$/);
    expect(await verifyPassword('Ward7Night', user.passwordHash)).toBe(true);

    for (const path of [
      '/admin/api/resources/User/actions/list',
      `/admin/api/resources/User/records/${user.id}/show`,
      `/admin/api/resources/User/records/${user.id}/edit`,
      '/admin/api/resources/User/actions/search/Sister',
    ]) {
      const res = await agent.get(path);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/passwordHash|\$2b\$/);
    }
    const audit = await db.auditLog.findFirstOrThrow({ where: { model: 'User', recordId: String(user.id), action: 'CREATE' } });
    expect(JSON.stringify(audit.after)).not.toContain('$2b$');
    expect(audit.after).toMatchObject({ passwordHash: '[redacted]' });

    // The new nurse can sign in with it.
    expect((await signIn(office.app, email, 'Ward7Night', randomIp())).res.status).toBe(302);
  });

  it('refuses a weak password with a message on the field, and changes it when strong', async () => {
    const { agent } = await signedInAs(office.app, db, 'ADMIN');
    const email = `${unique('billing')}@test.parth.hospital`;
    const weak = await agent
      .post('/admin/api/resources/User/actions/new')
      .type('form')
      .send({ email, name: 'Weak', role: 'BILLING', password: 'short' });
    expect(weak.body.record.errors.password.message).toBe('The password must be at least 8 characters long');
    expect(await db.user.count({ where: { email } })).toBe(0);

    await agent
      .post('/admin/api/resources/User/actions/new')
      .type('form')
      .send({ email, name: 'Clerk', role: 'BILLING', password: 'Counter1st' })
      .expect(200);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    await agent.post(`/admin/api/resources/User/records/${user.id}/edit`).type('form').send({ password: 'Counter2nd' }).expect(200);
    const changed = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword('Counter2nd', changed.passwordHash)).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { model: 'User', recordId: String(user.id), action: 'UPDATE' } });
    expect(audit.after).toEqual({ passwordHash: '[redacted]' });
  });

  it('never sends a patient portal password hash', async () => {
    await db.patient.create({
      data: {
        uhid: unique('PP-'),
        name: 'Portal User',
        gender: 'MALE',
        phone: '+919811100000',
        portalPasswordHash: '$2b$12$abcdefghijklmnopqrstuv',
      },
    });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const res = await agent.get('/admin/api/resources/Patient/actions/list?filters.name=portal%20user');
    expect(res.body.records.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/portalPasswordHash|\$2b\$/);
  });
});

describe('patient search', () => {
  it('finds patients by UHID, by name in any case, and by phone typed with spaces', async () => {
    const uhid = unique('SRCH-');
    await db.patient.create({ data: { uhid, name: 'Rutuja Wagh', gender: 'FEMALE', phone: '+919876012345' } });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const find = async (query: string) =>
      (await agent.get(`/admin/api/resources/Patient/actions/list?${query}`)).body.records.map(
        (r: { params: { uhid: string } }) => r.params.uhid,
      );
    expect(await find(`filters.uhid=${uhid}`)).toEqual([uhid]);
    expect(await find('filters.name=rutuja%20wagh')).toContain(uhid);
    expect(await find(`filters.phone=${encodeURIComponent('98760 12345')}`)).toContain(uhid);
  });
});
