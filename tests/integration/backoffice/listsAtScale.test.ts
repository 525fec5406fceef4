/**
 * What the speed work changes in the back-office lists (issue #15), as a
 * clerk sees it: registers open newest first; a filter that matches more
 * than the server counts says "1,000+" (counted to COUNT_CAP + 1, never the
 * whole table); an unfiltered big register gives the planner's estimate;
 * deep pages come from the ids first and agree with a plain OFFSET; a page
 * past the cap is refused with a message; the patient picker searches
 * (UHID, phone, name) instead of preloading; records are named, not numbered.
 * The times are the benchmark's (bench/backoffice.ts), not this test's.
 */
import { COUNT_CAP, MAX_OFFSET } from '../../../admin/hospitalResource.js';
import { createDoctor, createPatient, unique } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);

type Listed = {
  meta: { total: number };
  records: Array<{
    id: string | number;
    title: string;
    params: Record<string, unknown>;
    populated: Record<string, { title: string } | null>;
  }>;
};

async function addPatients(tag: string, count: number): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "Patient" (uhid, name, gender, phone, "updatedAt")
     SELECT 'T${tag}-' || g, 'Scale ${tag} ' || g, 'FEMALE', '+9197' || lpad(g::text, 8, '0'), now() FROM generate_series(1, ${count}) g`,
  );
}

describe('back-office lists at a large hospital’s size', () => {
  it('counts a broad filter only up to the cap, and says so', async () => {
    const tag = unique().slice(0, 8);
    await addPatients(tag, COUNT_CAP + 50);
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const broad = (await agent.get(`/admin/api/resources/Patient/actions/list?filters.name=Scale%20${tag}`).expect(200)).body as Listed;
    expect(broad.meta.total).toBe(COUNT_CAP + 1);
    expect(broad.records).toHaveLength(20);
    const narrow = (await agent.get(`/admin/api/resources/Patient/actions/list?filters.name=Scale%20${tag}%2010`).expect(200))
      .body as Listed;
    // "Scale <tag> 10", 100–109, 1000–1050: an exact count below the cap.
    expect(narrow.meta.total).toBe(1 + 10 + 51);
  });

  it('gives an unfiltered big register the planner’s estimate, not a COUNT(*)', async () => {
    await addPatients(unique().slice(0, 8), 10_500);
    await db.$executeRawUnsafe('ANALYZE "Patient"');
    const [row] = await db.$queryRaw<
      Array<{ estimate: number }>
    >`SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = '"Patient"'::regclass`;
    await addPatients(unique().slice(0, 8), 7); // not yet analysed: the estimate does not move
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const list = (await agent.get('/admin/api/resources/Patient/actions/list').expect(200)).body as Listed;
    expect(list.meta.total).toBe(Math.round(row?.estimate ?? -1));
    expect(list.meta.total).not.toBe(await db.patient.count());
  });

  it('opens registers newest first and serves a deep page by id that matches a plain OFFSET', async () => {
    const newest = await createPatient(db, { name: `Newest ${unique()}` });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const first = (await agent.get('/admin/api/resources/Patient/actions/list').expect(200)).body as Listed;
    const ids = first.records.map((r) => Number(r.id));
    // Other tests of the run may register patients meanwhile: newest first, the new one among them.
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids).toContain(newest.id);

    const tag = unique().slice(0, 8);
    await addPatients(tag, 3100);
    const deep = (await agent.get(`/admin/api/resources/Patient/actions/list?filters.name=Scale%20${tag}&perPage=20&page=150`).expect(200))
      .body as Listed;
    const expected = await db.patient.findMany({
      where: { name: { startsWith: `Scale ${tag}` } },
      orderBy: { id: 'desc' },
      skip: 149 * 20,
      take: 20,
      select: { id: true },
    });
    expect(deep.records.map((r) => Number(r.id))).toEqual(expected.map((p) => p.id));

    const tooDeep = await agent.get(`/admin/api/resources/Patient/actions/list?perPage=20&page=${MAX_OFFSET / 20 + 2}`);
    // AdminJS's way with a refused request: an error notice naming the field, no records.
    expect(tooDeep.status).toBeLessThan(500);
    expect(tooDeep.body.notice).toEqual({ type: 'error', message: 'page: expected a page from 1 to 5000' });
    expect(tooDeep.body.records).toEqual([]);
  });

  it('lets the patient picker search by UHID, phone and name, newest first, named by name and UHID', async () => {
    const name = `Picker ${unique()}`;
    const patient = await createPatient(db, { name, phone: '+919812398123' });
    const later = await createPatient(db, { name: `${name} senior` });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const pick = async (query: string) =>
      ((await agent.get(`/admin/api/resources/Patient/actions/search/${encodeURIComponent(query)}`).expect(200)).body as Listed).records;
    expect((await pick(patient.uhid)).map((r) => r.title)).toEqual([`${name} · ${patient.uhid}`]);
    expect((await pick('98123 98123')).map((r) => Number(r.id))).toContain(patient.id);
    expect((await pick(name.toLowerCase())).map((r) => Number(r.id))).toEqual([later.id, patient.id]);
    // An option carries its id and name only.
    expect(JSON.stringify((await pick(patient.uhid))[0]).length).toBeLessThan(300);
    // An empty picker offers a few recent patients, not the whole register sorted by name.
    expect((await pick('')).length).toBeLessThanOrEqual(20);
    // Words a model cannot be searched by find nothing, not an unrelated list.
    const appointments = await agent.get('/admin/api/resources/Appointment/actions/search/sharma').expect(200);
    expect(appointments.body.records).toEqual([]);
  });

  it('names related records by their title: an appointment’s patient by name and UHID, and the appointment by doctor and time', async () => {
    const patient = await createPatient(db, { name: `Titled ${unique()}` });
    const doctor = await createDoctor(db, { name: `Dr. Title ${unique()}` });
    const slotStart = new Date('2026-12-03T04:45:00.000Z'); // 10:15 IST
    const appointment = await db.appointment.create({
      data: {
        patientId: patient.id,
        doctorId: doctor.id,
        slotStart,
        slotEnd: new Date(slotStart.getTime() + 15 * 60_000),
        visitDate: new Date('2026-12-03'),
      },
    });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const shown = (await agent.get(`/admin/api/resources/Appointment/records/${appointment.id}/show`).expect(200)).body as {
      record: Listed['records'][number];
    };
    expect(shown.record.title).toBe(`${doctor.name} · 03-Dec-2026 10:15`);
    expect(shown.record.populated.patient?.title).toBe(`${patient.name} · ${patient.uhid}`);
    expect(JSON.stringify(shown.record.params)).not.toMatch(/"doctor":\{/);
  });

  it('sends a list row only the columns it shows, and a referenced record only its name', async () => {
    const patient = await createPatient(db, {
      name: 'Slim Row',
      city: 'Satara',
      addressLine: 'Plot 4, Shahupuri',
      emergencyContactName: 'Someone',
    });
    const doctor = await createDoctor(db);
    await db.appointment.create({
      data: {
        patientId: patient.id,
        doctorId: doctor.id,
        visitDate: new Date('2031-01-02'),
        slotStart: new Date('2031-01-02T04:45:00Z'),
        slotEnd: new Date('2031-01-02T05:00:00Z'),
        reason: 'A long reason for the visit',
        notes: 'private notes',
      },
    });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const patients = (await agent.get('/admin/api/resources/Patient/actions/list').query({ 'filters.name': 'Slim Row' }).expect(200))
      .body as Listed;
    expect(Object.keys(patients.records[0]?.params ?? {}).sort()).toEqual([
      'city',
      'createdAt',
      'dateOfBirth',
      'gender',
      'id',
      'label',
      'name',
      'phone',
      'uhid',
    ]);
    const visits = (
      await agent
        .get('/admin/api/resources/Appointment/actions/list')
        .query({ 'filters.patient': String(patient.id) })
        .expect(200)
    ).body as Listed;
    const row = visits.records[0];
    expect(row?.params).not.toHaveProperty('notes');
    expect(row?.params).not.toHaveProperty('reason');
    expect(row?.populated.patient?.title).toBe(`Slim Row · ${patient.uhid}`);
    const linked = row?.populated.patient as { params?: object; recordActions?: Array<{ name: string }> } | undefined;
    expect(Object.keys(linked?.params ?? {}).sort()).toEqual(['id', 'label']);
    expect(linked?.recordActions?.map((a) => a.name)).toEqual(['show']);
    expect(JSON.stringify(row).length).toBeLessThan(2500);
    // Its buttons are the row's own (show, edit, delete as allowed): the operations and their forms are on the record's page.
    const row0 = patients.records[0] as unknown as { recordActions: Array<{ name: string; custom?: unknown }> };
    expect(row0.recordActions.map((a) => a.name).sort()).toEqual(['edit', 'show']); // a receptionist deletes no patient
    expect(JSON.stringify(patients.records[0]).length).toBeLessThan(2000);
    // The show page still has everything.
    const shown = (await agent.get(`/admin/api/resources/Patient/records/${patient.id}/show`).expect(200)).body;
    expect(shown.record.params).toMatchObject({ addressLine: 'Plot 4, Shahupuri', emergencyContactName: 'Someone' });
  });
});
