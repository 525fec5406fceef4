/**
 * A small Razorpay-compatible server on 127.0.0.1, for the one part of the
 * system these machines cannot reach. It speaks the endpoints the ERP uses
 * (POST /v1/orders, GET /v1/orders/:id, GET /v1/payments/:id,
 * POST /v1/payments/:id/refund) with Basic auth
 * on the key pair and Razorpay's response shapes, and lets a test play the
 * patient completing checkout (a captured payment on an order) and choose how
 * Razorpay answers a refund request.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createGateway, type Gateway } from '../../src/modules/payments/razorpay.js';

export const TEST_KEY_ID = 'rzp_test_ParthHospital01';
export const TEST_KEY_SECRET = 'test_key_secret_0123456789';
export const TEST_WEBHOOK_SECRET = 'test_webhook_secret_abcdef';

interface Order {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string>;
  created_at: number;
}

interface PaymentEntity {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'captured' | 'failed';
  order_id: string;
  method: string;
  captured: boolean;
  email: string;
  contact: string;
  notes: Record<string, string>;
  created_at: number;
  amount_refunded: number;
  refund_status: 'partial' | 'full' | null;
}

export interface RefundEntity {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  notes: Record<string, string>;
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: 'pending' | 'processed' | 'failed';
  speed_processed: 'normal';
  speed_requested: 'normal';
}

/**
 * How the next refund requests are answered: 'pending' (Razorpay's usual
 * answer: the bank has not credited yet), 'processed', 'refuse' (400, as for a
 * payment Razorpay will not refund) or 'drop' (the connection dies with no
 * answer, so the caller cannot know whether the refund was made).
 */
export type RefundAnswer = 'pending' | 'processed' | 'refuse' | 'drop';

const id = (prefix: string) => `${prefix}_${randomBytes(7).toString('base64url').replace(/[-_]/g, 'x')}`;

export interface FakeRazorpay {
  baseUrl: string;
  orders: Map<string, Order>;
  refunds: Map<string, RefundEntity>;
  requests: Array<{ method: string; path: string }>;
  refundAnswer: RefundAnswer;
  /** The patient pays the order: Razorpay captures a payment on it. */
  capture(orderId: string): PaymentEntity;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const badRequest = (description: string) => ({
  error: {
    code: 'BAD_REQUEST_ERROR',
    description,
    source: 'business',
    step: 'payment_initiation',
    reason: 'input_validation_failed',
    metadata: {},
  },
});

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

export async function startFakeRazorpay(): Promise<FakeRazorpay> {
  const orders = new Map<string, Order>();
  const payments = new Map<string, PaymentEntity>();
  const refunds = new Map<string, RefundEntity>();
  const requests: FakeRazorpay['requests'] = [];
  const state = { refundAnswer: 'pending' as RefundAnswer };
  const expectedAuth = `Basic ${Buffer.from(`${TEST_KEY_ID}:${TEST_KEY_SECRET}`).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    requests.push({ method: req.method ?? '', path });
    if (req.headers.authorization !== expectedAuth) {
      send(res, 401, { error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } });
      return;
    }
    void (async () => {
      if (req.method === 'POST' && path === '/v1/orders') {
        const body = await readJson(req);
        const amount = Number(body.amount);
        if (!Number.isInteger(amount) || amount < 100) return send(res, 400, badRequest('The amount must be atleast INR 1.00'));
        const order: Order = {
          id: id('order'),
          entity: 'order',
          amount,
          amount_paid: 0,
          amount_due: amount,
          currency: String(body.currency ?? 'INR'),
          receipt: String(body.receipt ?? ''),
          status: 'created',
          attempts: 0,
          notes: (body.notes as Record<string, string>) ?? {},
          created_at: Math.floor(Date.now() / 1000),
        };
        orders.set(order.id, order);
        return send(res, 200, order);
      }
      const orderMatch = /^\/v1\/orders\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && orderMatch) {
        const order = orders.get(orderMatch[1] ?? '');
        return order ? send(res, 200, order) : send(res, 400, badRequest('The id provided does not exist'));
      }
      const paymentMatch = /^\/v1\/payments\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && paymentMatch) {
        const payment = payments.get(paymentMatch[1] ?? '');
        return payment ? send(res, 200, payment) : send(res, 400, badRequest('The id provided does not exist'));
      }
      const refundMatch = /^\/v1\/payments\/([^/]+)\/refund$/.exec(path);
      if (req.method === 'POST' && refundMatch) {
        const body = await readJson(req);
        const payment = payments.get(refundMatch[1] ?? '');
        if (!payment) return send(res, 400, badRequest('The id provided does not exist'));
        if (state.refundAnswer === 'drop') return req.socket.destroy();
        if (state.refundAnswer === 'refuse') return send(res, 400, badRequest('The payment has been fully refunded already'));
        const amount = body.amount === undefined ? payment.amount - payment.amount_refunded : Number(body.amount);
        if (!Number.isInteger(amount) || amount < 100) return send(res, 400, badRequest('The amount must be atleast INR 1.00'));
        if (amount > payment.amount - payment.amount_refunded) {
          return send(res, 400, badRequest('The total refund amount is greater than the refund payment amount'));
        }
        const refund: RefundEntity = {
          id: id('rfnd'),
          entity: 'refund',
          amount,
          currency: payment.currency,
          payment_id: payment.id,
          notes: (body.notes as Record<string, string>) ?? {},
          receipt: typeof body.receipt === 'string' ? body.receipt : null,
          acquirer_data: { arn: null },
          created_at: Math.floor(Date.now() / 1000),
          batch_id: null,
          status: state.refundAnswer,
          speed_processed: 'normal',
          speed_requested: 'normal',
        };
        refunds.set(refund.id, refund);
        payment.amount_refunded += amount;
        payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
        return send(res, 200, refund);
      }
      send(res, 404, badRequest('The requested URL was not found on the server.'));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    orders,
    refunds,
    requests,
    get refundAnswer() {
      return state.refundAnswer;
    },
    set refundAnswer(answer: RefundAnswer) {
      state.refundAnswer = answer;
    },
    capture(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      const payment: PaymentEntity = {
        id: id('pay'),
        entity: 'payment',
        amount: order.amount_due,
        currency: order.currency,
        status: 'captured',
        order_id: order.id,
        method: 'upi',
        captured: true,
        email: 'patient@example.in',
        contact: '+919800000000',
        notes: {},
        created_at: Math.floor(Date.now() / 1000),
        amount_refunded: 0,
        refund_status: null,
      };
      payments.set(payment.id, payment);
      Object.assign(order, { amount_paid: order.amount, amount_due: 0, status: 'paid', attempts: order.attempts + 1 });
      return payment;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The app's Razorpay gateway, pointed at the fake server with the test keys. */
export function fakeGateway(razorpay: Pick<FakeRazorpay, 'baseUrl'>): Gateway {
  return createGateway({
    RAZORPAY_KEY_ID: TEST_KEY_ID,
    RAZORPAY_KEY_SECRET: TEST_KEY_SECRET,
    RAZORPAY_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    RAZORPAY_API_BASE: razorpay.baseUrl,
  }) as Gateway;
}
