/**
 * Every Prisma model is in the back-office, read from the DMMF — including a
 * model added to the schema with no other edit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import internals from '@prisma/internals';
import { Prisma } from '@prisma/client';
import { projectRoot } from '../../../src/config/paths.js';
import { INTERNAL_MODELS, mayDo } from '../../../admin/access.js';
import { loadDatamodel } from '../../../admin/dmmf.js';
import { buildResources } from '../../../admin/resources.js';
import { enumLabel } from '../../../admin/titles.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const fakeComponents = {
  Dashboard: 'Dashboard',
  JobsPage: 'JobsPage',
  Money: 'Money',
  IstDateTime: 'IstDateTime',
  OperationForm: 'OperationForm',
  SidebarPages: 'SidebarPages',
  MyPatientsPage: 'MyPatientsPage',
  EncounterPage: 'EncounterPage',
  WardRoundPage: 'WardRoundPage',
  HospitalList: 'HospitalList',
  RecordFile: 'RecordFile',
  LoggedInStaff: 'LoggedInStaff',
  RecordHeader: 'RecordHeader',
  QueuePage: 'QueuePage',
  BedBoard: 'BedBoard',
  PharmacyAlerts: 'PharmacyAlerts',
  ImportsPage: 'ImportsPage',
  ReportsPage: 'ReportsPage',
};

const db = useDatabase();
const office = useBackOffice(db);

describe('models in the back-office', () => {
  it('shows every model of the schema, except the internal tables', async () => {
    const datamodel = await loadDatamodel();
    const shown = office.backOffice.admin.resources.map((resource) => resource.id()).sort();
    const expected = datamodel.models
      .map((m) => m.name)
      .filter((name) => !INTERNAL_MODELS.has(name))
      .sort();
    expect(shown).toEqual(expected);
    expect(shown.length).toBeGreaterThanOrEqual(28);
    // Same list as the generated client knows about.
    expect(expected).toEqual(
      Object.values(Prisma.ModelName)
        .filter((name) => !INTERNAL_MODELS.has(name))
        .sort(),
    );
  });

  it('picks up a model added to the schema with no other edit, safe (ADMIN-only) by default', async () => {
    const schema = readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
    const extended = `${schema}\nmodel AmbulanceTrip {\n  id Int @id @default(autoincrement())\n  vehicleNo String\n  fare Decimal @db.Decimal(12, 2)\n}\n`;
    const { datamodel } = await internals.getDMMF({ datamodel: extended });
    const resources = buildResources(datamodel, db, { env: { HOSPITAL_STATE_CODE: '27' } }, fakeComponents);
    const trip = resources.find((r) => (r.resource as { model: { name: string } }).model.name === 'AmbulanceTrip');
    expect(trip?.options.navigation).toEqual({ name: 'Administration', icon: 'Settings' });
    expect(trip?.options.properties?.fare?.components).toEqual({ list: 'Money', show: 'Money' });
    expect(mayDo('ADMIN', 'AmbulanceTrip', 'read')).toBe(true);
    expect(mayDo('RECEPTIONIST', 'AmbulanceTrip', 'read')).toBe(false);
  });

  it('offers no filter a role could not use: every reference filter points at records the role may read', async () => {
    const datamodel = await loadDatamodel();
    const resources = buildResources(datamodel, db, { env: { HOSPITAL_STATE_CODE: '27' } }, fakeComponents);
    const roles = ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'] as const;
    const refused: string[] = [];
    let references = 0;
    for (const { resource, options } of resources) {
      const model = datamodel.models.find((m) => m.name === (resource as { model: { name: string } }).model.name);
      for (const name of options.filterProperties ?? []) {
        const field = model?.fields.find((f) => f.name === name);
        if (!model || field?.kind !== 'object') continue;
        references += 1;
        for (const role of roles)
          if (mayDo(role, model.name, 'read') && !mayDo(role, field.type, 'read')) refused.push(`${role}: ${model.name}.${name}`);
      }
    }
    expect(references).toBeGreaterThan(10);
    expect(refused).toEqual([]);
  });

  it('knows ids, required fields, relations and enums (the full DMMF, not the runtime one)', async () => {
    const { agent } = await signedInAs(office.app, db, 'ADMIN');
    const appointment = office.backOffice.admin.findResource('Appointment');
    expect(
      appointment
        .properties()
        .find((p) => p.isId())
        ?.path(),
    ).toBe('id');
    expect(appointment.property('patient')?.reference()).toBe('Patient');
    expect(appointment.property('status')?.availableValues()).toContain('CHECKED_IN');
    const res = await agent.get('/admin/api/resources/Doctor/actions/list?perPage=1').expect(200);
    expect(res.body.meta).toMatchObject({ sortBy: expect.any(String) });
  });

  it('labels enum values in words', () => {
    expect(enumLabel('CHECKED_IN')).toBe('Checked in');
    expect(enumLabel('AB_NEG')).toBe('AB−');
    expect(enumLabel('LAB_TECH')).toBe('Lab technician');
  });

  it('shows a referenced record by its title: the patient by name and UHID, the doctor by name', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const patient = await db.patient.create({
      data: { uhid: `TT-${Date.now()}`, name: 'Meera Joshi', gender: 'FEMALE', phone: '+919800000777' },
    });
    const department = await db.department.create({ data: { code: `D${Date.now()}`, name: `Dept ${Date.now()}` } });
    const user = await db.user.create({ data: { email: `dr${Date.now()}@t.in`, name: 'x', role: 'DOCTOR', passwordHash: 'x' } });
    const doctor = await db.doctor.create({
      data: {
        userId: user.id,
        departmentId: department.id,
        name: 'Dr. Arjun Nair',
        registrationNo: `R${Date.now()}`,
        qualification: 'MBBS',
        consultationFee: 500,
      },
    });
    const appt = await db.appointment.create({
      data: {
        patientId: patient.id,
        doctorId: doctor.id,
        visitDate: new Date('2026-12-10'),
        slotStart: new Date('2026-12-10T04:00:00Z'),
        slotEnd: new Date('2026-12-10T04:15:00Z'),
      },
    });
    const res = await agent.get(`/admin/api/resources/Appointment/records/${appt.id}/show`).expect(200);
    expect(res.body.record.populated.patient.title).toBe(`Meera Joshi · ${patient.uhid}`);
    expect(res.body.record.populated.doctor.title).toBe('Dr. Arjun Nair');
  });
});
