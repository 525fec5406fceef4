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

describe('the duplicate check at registration', () => {
  const register = (agent: Awaited<ReturnType<typeof signedInAs>>['agent'], fields: Record<string, string>) =>
    agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ gender: 'FEMALE', ...fields });

  it('warns with the existing record when the phone and birthday (or a close name) match, and registers only by explicit choice', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const digits = mobile();
    const name = `Kavya Dup${unique().slice(0, 6)}`;
    await register(agent, { name, phone: digits, dateOfBirth: '1990-01-15' }).expect(200);
    const first = await db.patient.findFirstOrThrow({ where: { name } });

    const again = await register(agent, { name: `${name} `, phone: `+91 ${digits}`, dateOfBirth: '1990-01-15' });
    expect(again.status).toBeLessThan(500);
    expect(again.body.record.errors.phone.message).toContain(`${name} · ${first.uhid}, born 15-Jan-1990`);
    expect(again.body.record.errors.registerAnyway.message).toMatch(/Register as a new patient anyway/);
    // A close spelling on the same phone, birthday not given: still the same person, probably.
    const spelled = await register(agent, { name: name.replace('Kavya', 'Kaavya'), phone: digits });
    expect(spelled.body.record.errors?.phone?.message).toContain(first.uhid);
    expect(await db.patient.count({ where: { phone: `+91${digits}` } })).toBe(1);

    await register(agent, { name, phone: digits, dateOfBirth: '1990-01-15', registerAnyway: 'true' }).expect(200);
    expect(await db.patient.count({ where: { phone: `+91${digits}` } })).toBe(2);
  });

  it('lets a family share a phone: another name and birthday is no duplicate', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const digits = mobile();
    const family = unique().slice(0, 6);
    await register(agent, { name: `Suresh Family${family}`, phone: digits, dateOfBirth: '1961-03-02' }).expect(200);
    const child = await register(agent, { name: `Ira Family${family}`, phone: digits, dateOfBirth: '2019-07-30' });
    expect(child.body.record.errors ?? {}).toEqual({});
    expect(await db.patient.count({ where: { phone: `+91${digits}` } })).toBe(2);
  });

  it('shows the desk’s words: labelled fields and operation buttons, not column names', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const page = (await agent.get('/admin').expect(200)).text;
    for (const words of [
      '"abhaNumber":"ABHA number"',
      '"subtotal":"Sub-total"',
      '"bookAppointment":"Book appointment"',
      '"new":"New patient"',
    ])
      expect(page).toContain(words);
  });
});

describe('after registering', () => {
  it('lands on the new patient, the UHID in the notice', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const name = `Landing ${unique()}`;
    const res = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ name, gender: 'MALE', phone: mobile() })
      .expect(200);
    const patient = await db.patient.findFirstOrThrow({ where: { name } });
    expect(res.body.notice).toEqual({ type: 'success', message: `Saved: ${name} · ${patient.uhid}` });
    expect(res.body.redirectUrl).toBe(`/admin/resources/Patient/records/${patient.id}/show`);
  });
});
