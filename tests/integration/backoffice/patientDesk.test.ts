/**
 * Registration at the desk stores what every other door stores: phones in
 * E.164 whatever way they are typed (so a search for the digits finds them),
 * a wrong phone or a birth date in the future refused on its field, nothing stored.
 */
import { unique } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);
const mobile = () => `98${String(Date.now() % 1e8).padStart(8, '0')}`;

describe('registering a patient at the desk', () => {
  it('stores the phone as +91… however it is typed, and finds the patient by its digits', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const digits = mobile();
    const typed = `0${digits.slice(0, 5)} ${digits.slice(5)}`;
    const name = `Desk ${unique()}`;
    await agent.post('/admin/api/resources/Patient/actions/new').type('form').send({ name, gender: 'FEMALE', phone: typed }).expect(200);
    const patient = await db.patient.findFirstOrThrow({ where: { name } });
    expect(patient.phone).toBe(`+91${digits}`);
    const found = await agent.get(`/admin/api/resources/Patient/actions/list?filters.phone=${digits}`).expect(200);
    expect(found.body.records.map((r: { params: { name: string } }) => r.params.name)).toContain(name);

    await agent
      .post(`/admin/api/resources/Patient/records/${patient.id}/edit`)
      .type('form')
      .send({ emergencyContactPhone: `+91 ${digits.slice(0, 5)}-${digits.slice(5)}` })
      .expect(200);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).emergencyContactPhone).toBe(`+91${digits}`);
  });

  it('refuses a phone that is not one, and a birth date in the future, on their fields', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const name = `Refused ${unique()}`;
    const badPhone = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ name, gender: 'MALE', phone: '12345' });
    expect(badPhone.status).toBeLessThan(500);
    expect(badPhone.body.record?.errors?.phone?.message ?? '').toMatch(/not a 10-digit Indian phone number/);
    const future = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ name, gender: 'MALE', phone: mobile(), dateOfBirth: '2099-01-01' });
    expect(future.body.record?.errors?.dateOfBirth?.message ?? '').toMatch(/cannot be in the future/);
    expect(await db.patient.count({ where: { name } })).toBe(0);
  });
});

describe('finding a patient by UHID', () => {
  it('takes a whole UHID as that patient (exact), and part of one as a search', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const base = 1_000_000 + (Date.now() % 8_000_000);
    const [one, longer] = [`PH-${base}`, `PH-${base}1`];
    await db.patient.create({ data: { uhid: one, name: 'Exact One', gender: 'MALE', phone: '+919800000001' } });
    await db.patient.create({ data: { uhid: longer, name: 'Longer One', gender: 'MALE', phone: '+919800000002' } });
    const uhids = async (query: string) =>
      (await agent.get(`/admin/api/resources/Patient/actions/list?filters.uhid=${query}`).expect(200)).body.records.map(
        (r: { params: { uhid: string } }) => r.params.uhid,
      );
    expect(await uhids(one.toLowerCase())).toEqual([one]);
    expect((await uhids(String(base))).sort()).toEqual([one, longer].sort());
  });
});
