/**
 * Razorpay with the official SDK against a local Razorpay-compatible server:
 * orders for the due amount, checkout callbacks and webhooks signed with the
 * real HMAC scheme, forged signatures refused, one payment however often
 * Razorpay tells us.
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { Actor } from '../../../src/modules/actor.js';
import { createGateway, createOrderForInvoice, recordGatewayPayment, type Gateway } from '../../../src/modules/payments/razorpay.js';
import { refundPayment } from '../../../src/modules/payments/refunds.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { buildApp } from '../../../src/http/app.js';
import { createActor, createIssuedInvoice, createPatient, unique } from '../../factories.js';
import { silentLogger, testEnv } from '../../support/env.js';
import {
  fakeGateway,
  startFakeRazorpay,
  TEST_KEY_ID,
  TEST_KEY_SECRET,
  TEST_WEBHOOK_SECRET,
  type FakeRazorpay,
  type RefundEntity,
} from '../../support/fakeRazorpay.js';
import { signedInAs } from '../../support/backOffice.js';
import { errorOf, useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(15);
let razorpay: FakeRazorpay;
let gateway: Gateway;
let billing: Actor;
let app: ReturnType<typeof buildApp>;

beforeAll(async () => {
  razorpay = await startFakeRazorpay();
  gateway = fakeGateway(razorpay);
  billing = await createActor(db, 'BILLING');
  app = buildApp({ env: testEnv(), db, logger: silentLogger, gateway });
});
afterAll(async () => {
  await razorpay.close();
});
// Declared after the hooks above, so it starts once the gateway exists.
const office = useBackOffice(db, () => ({ gateway }));

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
    expect(confirmed.body).toMatchObject({ amount: '600.00', invoiceId: invoice.id, receiptNo: expect.stringMatching(/^RC\//) });

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

describe('refunds of Razorpay payments', () => {
  let admin: Actor;
  beforeAll(async () => {
    admin = await createActor(db, 'ADMIN');
  });

  /** An invoice paid in full through Razorpay. */
  async function paidOnline(amount: string) {
    const invoice = await issuedInvoice(amount);
    const order = await createOrderForInvoice(db, gateway, invoice.id);
    const payment = await recordGatewayPayment(db, gateway, razorpay.capture(order.id));
    return { invoice, payment };
  }

  const refundWebhook = (event: string, refund: RefundEntity) => {
    const body = JSON.stringify({
      entity: 'event',
      event,
      contains: ['refund'],
      payload: { refund: { entity: refund } },
      created_at: 1700000000,
    });
    return request(app)
      .post('/api/v1/webhooks/razorpay')
      .set('Content-Type', 'application/json')
      .set('X-Razorpay-Signature', hmac(body, TEST_WEBHOOK_SECRET))
      .send(body);
  };
  const invoiceNow = (id: number) => db.invoice.findUniqueOrThrow({ where: { id } });
  /** Billing asks for a refund approved by the administrator, with Razorpay available. */
  const refundThroughGateway = (paymentId: number, amount: string, reason: string) =>
    refundPayment(db, billing, { paymentId, amount, reason, approvedById: admin.userId }, { gateway });

  afterEach(() => {
    razorpay.refundAnswer = 'pending';
  });

  it('asks Razorpay to refund in paise with our refund number as receipt, and completes on refund.processed (once, however often it comes)', async () => {
    const { invoice, payment } = await paidOnline('1500');
    const refund = await refundThroughGateway(payment.id, '400.50', 'Test not done');
    expect(refund).toMatchObject({ status: 'PENDING', processedAt: null, gatewayRefundId: expect.stringMatching(/^rfnd_/) });
    const atRazorpay = razorpay.refunds.get(refund.gatewayRefundId ?? '');
    expect(atRazorpay).toMatchObject({ amount: 40050, payment_id: payment.gatewayPaymentId, receipt: refund.refundNo });
    expect(atRazorpay?.notes).toEqual({ refundId: String(refund.id) });
    // The amount is off the invoice at once, so a second refund cannot exceed what is left.
    expect((await invoiceNow(invoice.id)).amountPaid.toFixed(2)).toBe('1099.50');
    expect(await errorOf(refundThroughGateway(payment.id, '1099.51', 'Too much'))).toMatchObject({ code: 'REFUND_TOO_LARGE' });

    const processed = { ...atRazorpay!, status: 'processed' as const };
    const answers = await Promise.all(Array.from({ length: 5 }, () => refundWebhook('refund.processed', processed)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({
      status: 'PROCESSED',
      processedAt: expect.any(Date),
    });
    expect(await db.auditLog.count({ where: { model: 'Refund', recordId: String(refund.id), action: 'UPDATE' } })).toBe(1);
    expect((await invoiceNow(invoice.id)).amountPaid.toFixed(2)).toBe('1099.50');
  });

  it('is done at once when Razorpay answers processed', async () => {
    const { payment } = await paidOnline('700');
    razorpay.refundAnswer = 'processed';
    const refund = await refundThroughGateway(payment.id, '700', 'Duplicate payment');
    expect(refund).toMatchObject({ status: 'PROCESSED', processedAt: expect.any(Date) });
  });

  it('puts the money back on the invoice when Razorpay refuses, and says why', async () => {
    const { invoice, payment } = await paidOnline('800');
    razorpay.refundAnswer = 'refuse';
    const refused = await errorOf(refundThroughGateway(payment.id, '300', 'Patient asked'));
    expect(refused).toMatchObject({
      status: 502,
      code: 'GATEWAY_REFUSED',
      message: 'Razorpay refused the refund: The payment has been fully refunded already. Nothing was refunded.',
    });
    expect(await db.refund.findMany({ where: { paymentId: payment.id } })).toMatchObject([{ status: 'FAILED' }]);
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'PAID' });
    expect((await invoiceNow(invoice.id)).amountPaid.toFixed(2)).toBe('800.00');
  });

  it('keeps a refund pending when Razorpay never answers, and settles it from the webhook found by receipt', async () => {
    const { invoice, payment } = await paidOnline('900');
    razorpay.refundAnswer = 'drop';
    const refund = await refundThroughGateway(payment.id, '900', 'Discharged early');
    expect(refund).toMatchObject({ status: 'PENDING', gatewayRefundId: null });
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'ISSUED' });

    const failed: RefundEntity = {
      id: unique('rfnd_'),
      entity: 'refund',
      amount: 90000,
      currency: 'INR',
      payment_id: payment.gatewayPaymentId ?? '',
      notes: { refundId: String(refund.id) },
      receipt: refund.refundNo,
      acquirer_data: { arn: null },
      created_at: 1700000000,
      batch_id: null,
      status: 'failed',
      speed_processed: 'normal',
      speed_requested: 'normal',
    };
    expect((await refundWebhook('refund.failed', failed)).body).toMatchObject({ handled: true });
    expect(await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: 'FAILED', gatewayRefundId: failed.id });
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'PAID' });
    // A failed refund gave nothing back: the whole payment can be refunded again.
    razorpay.refundAnswer = 'processed';
    const again = await refundThroughGateway(payment.id, '900', 'Discharged early');
    expect(again.status).toBe('PROCESSED');
  });

  it('refuses to refund a Razorpay payment when online payment is off, and a counter payment through Razorpay is never attempted', async () => {
    const { invoice, payment } = await paidOnline('250');
    expect(
      await errorOf(
        refundPayment(db, billing, { paymentId: payment.id, amount: '10', reason: 'Patient asked', approvedById: admin.userId }),
      ),
    ).toMatchObject({ status: 503, code: 'ONLINE_PAYMENT_OFF' });
    expect(await db.refund.count({ where: { invoiceId: invoice.id } })).toBe(0);

    const cash = await issuedInvoice('100');
    const counter = await recordPayment(db, billing, { invoiceId: cash.id, method: 'CASH', amount: '100' });
    const before = razorpay.requests.length;
    const refund = await refundThroughGateway(counter.id, '100', 'Patient asked');
    expect(refund).toMatchObject({ status: 'PROCESSED', gatewayRefundId: null });
    expect(razorpay.requests.length).toBe(before);
  });

  it('runs from the back-office Refund action on a Razorpay payment', async () => {
    const { payment } = await paidOnline('1000');
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const answer = await agent
      .post(`/admin/api/resources/Payment/records/${payment.id}/refund`)
      .type('form')
      .send({ amount: '250', reason: 'Procedure not done', approvedById: String(admin.userId) })
      .expect(200);
    expect(answer.body.notice).toMatchObject({
      type: 'success',
      message: expect.stringMatching(/^Refund RF\/.* sent to Razorpay: it completes when the bank credits the patient$/),
    });
    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(razorpay.refunds.get(refund.gatewayRefundId ?? '')).toMatchObject({ amount: 25000 });
  });
});
