/**
 * Cross-site request forgery: a state-changing back-office request goes on
 * only when the browser says it comes from our own origin. A form on another
 * port of the same host (same-site, but another origin), or on another host,
 * changes nothing — even with the clerk's session cookie attached.
 */
import request from 'supertest';
import { createPatient } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);

async function receptionistCookie(): Promise<string> {
  const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
  const res = await agent.get('/admin/api/resources/Patient/actions/list');
  expect(res.status).toBe(200);
  const jar = (agent as unknown as { jar: { getCookie(name: string, access: object): { toValueString(): string } | undefined } }).jar;
  return jar.getCookie('parth.sid', { domain: '127.0.0.1', path: '/admin', secure: false, script: false })?.toValueString() ?? '';
}

describe('cross-origin forms', () => {
  it('refuses an edit posted from another port or host, or with no origin at all, and accepts our own', async () => {
    const cookie = await receptionistCookie();
    const patient = await createPatient(db, { name: 'Original Name' });
    const edit = () =>
      request(office.app)
        .post(`/admin/api/resources/Patient/records/${patient.id}/edit`)
        .set('Cookie', cookie)
        .set('Host', 'erp.parth.test:3000')
        .type('form');
    const refusedHeaders: Array<Record<string, string>> = [
      { 'Sec-Fetch-Site': 'same-site', Origin: 'http://erp.parth.test:4000' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.example' },
      { Origin: 'http://erp.parth.test:4000' },
      { Origin: 'http://evil.example' },
      { Origin: 'null' },
      {},
    ];
    for (const headers of refusedHeaders) {
      const res = await edit().set(headers).send({ name: 'Forged Name' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    }
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).name).toBe('Original Name');

    await edit().set('Origin', 'http://erp.parth.test:3000').send({ name: 'Desk Name' }).expect(200);
    await edit().set('Sec-Fetch-Site', 'same-origin').send({ name: 'Desk Name 2' }).expect(200);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).name).toBe('Desk Name 2');
  });

  it('signs out only on a POST from our own page', async () => {
    const cookie = await receptionistCookie();
    await request(office.app).get('/admin/logout').set('Cookie', cookie).expect(200);
    await request(office.app).post('/admin/logout').set('Cookie', cookie).set('Origin', 'http://evil.example').expect(403);
    await request(office.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', cookie).expect(200);
    await request(office.app).post('/admin/logout').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').expect(303);
    await request(office.app).get('/admin/api/resources/Patient/actions/list').set('Cookie', cookie).expect(401);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await request(office.app)
      .post('/admin/login')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ email: 'a@b.c', password: 'x' });
    expect(res.status).toBe(403);
  });
});
