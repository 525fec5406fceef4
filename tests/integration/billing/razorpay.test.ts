/**
 * Razorpay with the official SDK against a local Razorpay-compatible server:
 * orders for the due amount, checkout callbacks and webhooks signed with the
 * real HMAC scheme, forged signatures refused, one payment however often
 * Razorpay tells us.
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { Actor } from '../../../src/modules/actor.js';
import { createGateway, createOrderForInvoice, type Gateway } from '../../../src/modules/payments/razorpay.js';
import { buildApp } from '../../../src/http/app.js';
import { createActor, createIssuedInvoice, createPatient, unique } from '../../factories.js';
import { silentLogger, testEnv } from '../../support/env.js';
import { startFakeRazorpay, TEST_KEY_ID, TEST_KEY_SECRET, TEST_WEBHOOK_SECRET, type FakeRazorpay } from '../../support/fakeRazorpay.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(15);
let razorpay: FakeRazorpay;
let gateway: Gateway;
let billing: Actor;
let app: ReturnType<typeof buildApp>;

beforeAll(async () => {
  razorpay = await startFakeRazorpay();
  gateway = createGateway({
    RAZORPAY_KEY_ID: TEST_KEY_ID,
    RAZORPAY_KEY_SECRET: TEST_KEY_SECRET,
    RAZORPAY_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    RAZORPAY_API_BASE: razorpay.baseUrl,
  }) as Gateway;
  billing = await createActor(db, 'BILLING');
  app = buildApp({ env: testEnv(), db, logger: silentLogger, gateway });
});
afterAll(async () => {
  await razorpay.close();
});

const hmac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('hex');

const issuedInvoice = (amount: string) => createIssuedInvoice(db, billing, amount);

function webhookBody(event: string, payment: { id: string; order_id: string; amount: number }) {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_Parth',
    event,
    contains: ['payment'],
    payload: { payment: { entity: { ...payment, entity: 'payment', currency: 'INR', status: 'captured' } } },
    created_at: 1700000000,
  });
}

describe('Razorpay orders', () => {
  it('creates an order for the due amount in paise, with the invoice number as receipt and its id in the notes', async () => {
    // ₹1,234.50 of charges round off to a ₹1,235 bill; ₹200.25 is already paid.
    const invoice = await issuedInvoice('1234.50');
    await db.invoice.update({ where: { id: invoice.id }, data: { amountPaid: '200.25', status: 'PARTIALLY_PAID' } });
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    expect(order).toMatchObject({ amount: 103475, currency: 'INR', receipt: invoice.number, keyId: TEST_KEY_ID });
    expect(razorpay.orders.get(order.id)?.notes).toEqual({ invoiceId: String(invoice.id) });
  });

  it('refuses a draft invoice and says when online payment is off', async () => {
    const patient = await createPatient(db);
    const draft = await db.invoice.create({ data: { patientId: patient.id } });
    expect(await errorOf(createOrderForInvoice(db, gateway, draft.id))).toMatchObject({ code: 'NOT_PAYABLE' });
    expect(await errorOf(createOrderForInvoice(db, undefined, draft.id))).toMatchObject({ status: 503, code: 'ONLINE_PAYMENT_OFF' });
  });
});

describe('checkout callback and webhooks', () => {
  it('records the payment from a signed checkout callback, and once only when the webhook follows', async () => {
    const invoice = await issuedInvoice('600');
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    const payment = razorpay.capture(order.id);
    const callback = {
      razorpay_order_id: order.id,
      razorpay_payment_id: payment.id,
      razorpay_signature: hmac(`${order.id}|${payment.id}`, TEST_KEY_SECRET),
    };
    const confirmed = await request(app).post('/api/v1/payments/razorpay/verify').send(callback).expect(201);
    expect(confirmed.body).toMatchObject({ amount: '600.00', invoiceId: invoice.id, receiptNo: expect.stringMatching(/^RCP\//) });

    const body = webhookBody('payment.captured', payment);
    await request(app)
      .post('/api/v1/webhooks/razorpay')
      .set('Content-Type', 'application/json')
      .set('X-Razorpay-Signature', hmac(body, TEST_WEBHOOK_SECRET))
      .send(body)
      .expect(200);
    expect(await db.payment.count({ where: { gatewayPaymentId: payment.id } })).toBe(1);
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: 'PAID' });
  });

  it('records exactly one payment when the same webhook is delivered 10 times at once', async () => {
    const invoice = await issuedInvoice('999.99');
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    const payment = razorpay.capture(order.id);
    const body = webhookBody('payment.captured', payment);
    const signature = hmac(body, TEST_WEBHOOK_SECRET);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(app)
          .post('/api/v1/webhooks/razorpay')
          .set('Content-Type', 'application/json')
          .set('X-Razorpay-Signature', signature)
          .send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await db.payment.count({ where: { gatewayPaymentId: payment.id } })).toBe(1);
    const paid = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    // ₹999.99 of charges round off to a ₹1,000 bill.
    expect([paid.status, paid.amountPaid.toFixed(2)]).toEqual(['PAID', '1000.00']);
  });

  it('answers a forged, unsigned or tampered webhook with 400 and changes nothing', async () => {
    const invoice = await issuedInvoice('300');
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    const payment = razorpay.capture(order.id);
    const body = webhookBody('payment.captured', payment);
    const forged = await request(app)
      .post('/api/v1/webhooks/razorpay')
      .set('Content-Type', 'application/json')
      .set('X-Razorpay-Signature', hmac(body, 'not-the-secret'))
      .send(body);
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ error: { code: 'INVALID_SIGNATURE', message: 'The payment signature is not valid' } });
    expect((await request(app).post('/api/v1/webhooks/razorpay').set('Content-Type', 'application/json').send(body)).status).toBe(400);
    const tampered = body.replace(String(payment.amount), String(payment.amount * 10));
    expect(
      (
        await request(app)
          .post('/api/v1/webhooks/razorpay')
          .set('Content-Type', 'application/json')
          .set('X-Razorpay-Signature', hmac(body, TEST_WEBHOOK_SECRET))
          .send(tampered)
      ).status,
    ).toBe(400);
    const badCallback = {
      razorpay_order_id: order.id,
      razorpay_payment_id: payment.id,
      razorpay_signature: hmac(`${order.id}|${payment.id}`, 'wrong'),
    };
    expect((await request(app).post('/api/v1/payments/razorpay/verify').send(badCallback)).status).toBe(400);
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });

  it('acknowledges a failed payment without recording money', async () => {
    const invoice = await issuedInvoice('150');
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    const body = webhookBody('payment.failed', { id: unique('pay_'), order_id: order.id, amount: 15000 });
    const res = await request(app)
      .post('/api/v1/webhooks/razorpay')
      .set('Content-Type', 'application/json')
      .set('X-Razorpay-Signature', hmac(body, TEST_WEBHOOK_SECRET))
      .send(body)
      .expect(200);
    expect(res.body).toMatchObject({ event: 'payment.failed', handled: false });
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });

  it('talks to the gateway with the key pair over Basic auth', async () => {
    expect(razorpay.requests.some((r) => r.method === 'POST' && r.path === '/v1/orders')).toBe(true);
    const stranger = createGateway({
      RAZORPAY_KEY_ID: 'rzp_test_Someone',
      RAZORPAY_KEY_SECRET: 'wrong_secret',
      RAZORPAY_WEBHOOK_SECRET: 'whatever1',
      RAZORPAY_API_BASE: razorpay.baseUrl,
    });
    const invoice = await issuedInvoice('100');
    expect(await errorOf(createOrderForInvoice(db, stranger, invoice.id))).not.toBeNull();
  });
});
