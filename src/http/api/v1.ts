/**
 * The patient API, /api/v1: the routes the patient frontend relies on. Each
 * handler parses (the route declaration does), calls a service and shapes
 * the answer; the services find only the signed-in patient's records.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import type { RedisClient } from '../../config/redis.js';
import { patientActor } from '../../modules/actor.js';
import { freeSlots } from '../../modules/appointments/service.js';
import {
  calendarDay,
  changePasswordSchema,
  forgotSchema,
  loginSchema,
  phone,
  refreshSchema,
  registerSchema,
  resetSchema,
} from '../../modules/patientAuth/schemas.js';
import {
  changePatientPassword,
  refreshSession,
  requestPasswordReset,
  resetPassword,
  signInPatient,
  signOutPatient,
  type ResetLinkSender,
} from '../../modules/patientAuth/service.js';
import { completeSignUp, startSignUp, verifySchema } from '../../modules/patientAuth/signup.js';
import type { AccessTokens } from '../../modules/patientAuth/tokens.js';
import type { SmsSender } from '../../modules/notifications/sms.js';
import { confirmCheckout, type Gateway } from '../../modules/payments/razorpay.js';
import { isPlausibleDate, recordId } from '../../modules/ids.js';
import * as portal from '../../modules/portal/service.js';
import { ApiBuilder, FileAnswer } from './route.js';
import { DEFAULT_API_LIMITS, rateLimit, type ApiLimits } from './rateLimit.js';

export type PatientApiEnv = Pick<
  Env,
  | 'APPOINTMENT_CANCEL_CUTOFF_HOURS'
  | 'PATIENT_APP_URL'
  | 'PUBLIC_URL'
  | 'HOSPITAL_NAME'
  | 'HOSPITAL_ADDRESS'
  | 'HOSPITAL_GSTIN'
  | 'HOSPITAL_STATE_CODE'
  | 'PORTAL_MAX_ACTIVE_APPOINTMENTS'
  | 'SMS_OTP_TEMPLATE_ID'
>;

export interface PatientApiDeps {
  db: Db;
  env: PatientApiEnv;
  tokens: AccessTokens;
  redis?: RedisClient | undefined;
  gateway?: Gateway | undefined;
  resetSender: ResetLinkSender;
  /** How sign-up codes reach the patient's phone. */
  sms: SmsSender;
  limits?: Partial<ApiLimits>;
  /** Prefix of the rate-limit counters in Redis. */
  limitNamespace?: string | undefined;
  /** Check every JSON answer against its documented schema (tests): a mismatch is a 500. */
  checkResponses?: boolean;
}

const id = recordId;
const byId = z.strictObject({ id });
const paging = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100, 'At most 100 per page').default(20),
};
const instant = z.iso
  .datetime({ offset: true, error: 'expected a date and time such as 2026-12-01T10:30:00+05:30' })
  .transform((v) => new Date(v))
  .refine(isPlausibleDate, 'expected a date between the years 1900 and 2100');
const sessionAnswer = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  patient: z.object({ id: z.number(), uhid: z.string(), name: z.string() }),
});
const page = (item: z.ZodType) => z.object({ items: z.array(item), page: z.number(), limit: z.number(), hasMore: z.boolean() });
const appointment = z.object({
  id: z.number(),
  slotStart: z.string(),
  slotEnd: z.string(),
  status: z.enum(['BOOKED', 'CHECKED_IN', 'SEEN', 'NO_SHOW', 'CANCELLED']),
  tokenNo: z.number().nullable(),
  doctor: z.object({ id: z.number(), name: z.string() }),
});
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** Rupees as exact decimal text, e.g. "1232.50". */
const rupees = z.string();
const invoiceSummary = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.enum(['INVOICE', 'CREDIT_NOTE']),
  status: z.enum(['ISSUED', 'PARTIALLY_PAID', 'PAID', 'CANCELLED']),
  issuedAt: z.string(),
  taxableTotal: rupees,
  cgstTotal: rupees,
  sgstTotal: rupees,
  igstTotal: rupees,
  roundOff: rupees,
  total: rupees,
  amountPaid: rupees,
});
const invoiceDetail = invoiceSummary.extend({
  lines: z.array(
    z.object({
      id: z.number(),
      description: z.string(),
      sacCode: z.string().nullable(),
      quantity: z.string(),
      unitPrice: rupees,
      discount: rupees,
      taxableValue: rupees,
      gstRate: z.string(),
      cgst: rupees,
      sgst: rupees,
      igst: rupees,
      lineTotal: rupees,
    }),
  ),
  payments: z.array(z.object({ receiptNo: z.string(), method: z.string(), amount: rupees, receivedAt: z.string() })),
});
const labReport = z.object({
  id: z.number(),
  orderNo: z.string(),
  orderedAt: z.string(),
  releasedAt: z.string(),
  labTest: z.object({ code: z.string(), name: z.string() }),
  results: z.array(
    z.object({
      parameter: z.string(),
      value: z.string(),
      unit: z.string().nullable(),
      refRangeLow: z.string().nullable(),
      refRangeHigh: z.string().nullable(),
      isAbnormal: z.boolean(),
    }),
  ),
});
const profile = z.object({
  id: z.number(),
  uhid: z.string(),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  gender: z.enum(['MALE', 'FEMALE', 'OTHER']),
  phone: z.string(),
  email: z.string().nullable(),
  addressLine: z.string().nullable(),
  city: z.string().nullable(),
  stateCode: z.string().nullable(),
  pincode: z.string().nullable(),
  bloodGroup: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
});

export function patientApi(deps: PatientApiDeps): { router: Router; document: () => object } {
  const api = new ApiBuilder(deps.tokens, { checkResponses: deps.checkResponses ?? false });
  const rules = { ...DEFAULT_API_LIMITS, ...deps.limits };
  const limit = (name: keyof ApiLimits) => rateLimit(name, rules[name], deps.redis, deps.limitNamespace);
  const everything = limit('everything');
  const [signIn, signUp, passwordReset, payment] = [limit('signIn'), limit('signUp'), limit('passwordReset'), limit('payment')];
  const [paymentCallback, booking] = [limit('paymentCallback'), limit('booking')];
  const [codeSent, codeTried] = [limit('codeSent'), limit('codeTried')];
  const signUpDeps = {
    db: deps.db,
    tokens: deps.tokens,
    sms: deps.sms,
    otpTemplateId: deps.env.SMS_OTP_TEMPLATE_ID,
    hospitalName: deps.env.HOSPITAL_NAME,
  };
  const { db } = deps;
  const actorOf = (ctx: { patientId: number; req: { ip?: string | undefined; get(name: string): string | undefined } }) =>
    patientActor(ctx.patientId, ctx.req.ip ?? null, ctx.req.get('user-agent') ?? null);
  const cutoff = deps.env.APPOINTMENT_CANCEL_CUTOFF_HOURS;
  const appUrl = deps.env.PATIENT_APP_URL ?? deps.env.PUBLIC_URL ?? 'http://localhost:3000';

  // ── Auth ──
  api.add({
    method: 'post',
    path: '/auth/register',
    tag: 'Auth',
    summary:
      'Start a portal sign-up: a 6-digit code goes by SMS to the phone. Nothing is created until the code is confirmed (POST /auth/register/verify)',
    auth: false,
    status: 202,
    body: registerSchema,
    response: z.object({ verificationId: z.string(), sentTo: z.string(), expiresInSeconds: z.number() }),
    limits: [everything, signUp],
    handle: async (ctx) => {
      // Codes to one phone are limited wherever they are asked from.
      await codeSent.consumeFor(`phone:${ctx.body.phone}`, ctx.req);
      return startSignUp(signUpDeps, ctx.body);
    },
  });
  api.add({
    method: 'post',
    path: '/auth/register/verify',
    tag: 'Auth',
    summary:
      'Confirm the phone with the SMS code (10 minutes, 5 tries): the account opens, linked to the hospital record with the same phone and date of birth',
    auth: false,
    status: 201,
    body: verifySchema,
    response: sessionAnswer,
    limits: [everything, codeTried],
    handle: (ctx) => completeSignUp(signUpDeps, patientActor(null, ctx.req.ip ?? null, ctx.req.get('user-agent') ?? null), ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/login',
    tag: 'Auth',
    summary: 'Sign in with e-mail and password',
    auth: false,
    body: loginSchema,
    response: sessionAnswer,
    limits: [everything, signIn],
    handle: (ctx) => signInPatient({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/refresh',
    tag: 'Auth',
    summary: 'Swap a refresh token for a new pair (a reused token ends the session everywhere)',
    auth: false,
    body: refreshSchema,
    response: sessionAnswer,
    limits: [everything, signIn],
    handle: (ctx) => refreshSession({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'Auth',
    summary: 'Sign out: the refresh token and its successors stop working',
    auth: false,
    status: 204,
    body: refreshSchema,
    limits: [everything],
    handle: (ctx) => signOutPatient({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/password',
    tag: 'Auth',
    summary: 'Change the password (every session ends)',
    status: 204,
    body: changePasswordSchema,
    limits: [everything, signIn],
    handle: (ctx) => changePatientPassword({ db, tokens: deps.tokens }, actorOf(ctx), ctx.patientId, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/forgot',
    tag: 'Auth',
    summary: 'Send a password-reset link (the answer is the same whether or not the account exists)',
    auth: false,
    status: 202,
    body: forgotSchema,
    limits: [everything, passwordReset],
    handle: async (ctx) => {
      await requestPasswordReset({ db, tokens: deps.tokens, sender: deps.resetSender, appUrl }, ctx.body);
      return { message: 'If an account uses this e-mail, a reset link is on its way' };
    },
  });
  api.add({
    method: 'post',
    path: '/auth/reset',
    tag: 'Auth',
    summary: 'Set a new password from a reset link (single use, expires in 30 minutes)',
    auth: false,
    status: 204,
    body: resetSchema,
    limits: [everything, passwordReset],
    handle: (ctx) =>
      resetPassword({ db, tokens: deps.tokens }, patientActor(null, ctx.req.ip ?? null, ctx.req.get('user-agent') ?? null), ctx.body),
  });

  // ── Catalogue ──
  api.add({
    method: 'get',
    path: '/departments',
    tag: 'Catalogue',
    summary: 'Clinical departments',
    auth: false,
    query: z.strictObject(paging),
    limits: [everything],
    response: page(z.object({ id: z.number(), code: z.string(), name: z.string() })),
    handle: (ctx) => portal.listDepartments(db, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/doctors',
    tag: 'Catalogue',
    summary: 'Doctors, by department or by name / specialisation',
    auth: false,
    query: z.strictObject({ departmentId: id.optional(), q: z.string().trim().min(1).max(60).optional(), ...paging }),
    response: page(z.object({ id: z.number(), name: z.string(), department: z.object({ id: z.number(), name: z.string() }) })),
    limits: [everything],
    handle: (ctx) => portal.listDoctors(db, ctx.query, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/doctors/:id/slots',
    tag: 'Catalogue',
    summary: "A doctor's free OPD slots on a day (Asia/Kolkata)",
    auth: false,
    params: byId,
    query: z.strictObject({ date: calendarDay }),
    response: z.object({ date: z.string(), slots: z.array(z.object({ start: z.string(), end: z.string() })) }),
    limits: [everything],
    handle: async (ctx) => ({ date: ctx.query.date, slots: await freeSlots(db, { doctorId: ctx.params.id, date: ctx.query.date }) }),
  });

  // ── Appointments ──
  api.add({
    method: 'get',
    path: '/me/appointments',
    tag: 'Appointments',
    summary: 'My appointments, upcoming (soonest first) or past (latest first)',
    query: z.strictObject({ when: z.enum(['upcoming', 'past']).default('upcoming'), ...paging }),
    response: page(appointment),
    limits: [everything],
    handle: (ctx) => portal.myAppointments(db, ctx.patientId, ctx.query.when, ctx.query),
  });
  api.add({
    method: 'post',
    path: '/me/appointments',
    tag: 'Appointments',
    summary:
      'Book a free slot (409 when it was just taken, when I already hold an appointment with this doctor that day, or hold the most upcoming appointments allowed)',
    status: 201,
    body: z.strictObject({ doctorId: id, startsAt: instant, reason: z.string().trim().max(500).optional() }),
    response: appointment,
    limits: [everything, booking],
    handle: (ctx) =>
      portal.bookMyAppointment(db, actorOf(ctx), ctx.patientId, ctx.body, { maxActiveFuture: deps.env.PORTAL_MAX_ACTIVE_APPOINTMENTS }),
  });
  api.add({
    method: 'patch',
    path: '/me/appointments/:id',
    tag: 'Appointments',
    summary: `Move my appointment to another free slot of the same doctor`,
    params: byId,
    body: z.strictObject({ startsAt: instant }),
    response: appointment,
    limits: [everything, booking],
    handle: (ctx) => portal.rescheduleMyAppointment(db, actorOf(ctx), ctx.patientId, ctx.params.id, ctx.body.startsAt, cutoff),
  });
  api.add({
    method: 'post',
    path: '/me/appointments/:id/cancel',
    tag: 'Appointments',
    summary: 'Cancel my appointment (up to the hospital’s cut-off before it)',
    params: byId,
    body: z.strictObject({ reason: z.string().trim().min(3, 'Give a reason for cancelling').max(500) }),
    response: appointment,
    limits: [everything, booking],
    handle: (ctx) => portal.cancelMyAppointment(db, actorOf(ctx), ctx.patientId, ctx.params.id, ctx.body.reason, cutoff),
  });

  // ── Bills and payments ──
  api.add({
    method: 'get',
    path: '/me/invoices',
    tag: 'Bills',
    summary: 'My invoices and credit notes',
    query: z.strictObject(paging),
    limits: [everything],
    response: page(invoiceSummary),
    handle: (ctx) => portal.myInvoices(db, ctx.patientId, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/me/invoices/:id',
    tag: 'Bills',
    summary: 'One of my invoices, with its lines and payments',
    params: byId,
    limits: [everything],
    response: invoiceDetail,
    handle: (ctx) => portal.myInvoice(db, ctx.patientId, ctx.params.id),
  });
  api.add({
    method: 'get',
    path: '/me/invoices/:id/pdf',
    tag: 'Bills',
    summary: 'One of my invoices as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const file = await portal.myInvoicePdf(db, deps.env, ctx.patientId, ctx.params.id);
      return new FileAnswer(file.fileName, 'application/pdf', file.pdf);
    },
  });
  api.add({
    method: 'post',
    path: '/me/invoices/:id/payments',
    tag: 'Bills',
    summary: 'Start paying what is due online: a Razorpay order and what the checkout needs',
    params: byId,
    status: 201,
    response: z.object({
      keyId: z.string(),
      orderId: z.string(),
      amount: z.number(),
      currency: z.string(),
      invoiceNumber: z.string().nullable(),
      prefill: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string() }),
    }),
    limits: [everything, payment],
    handle: (ctx) => portal.startInvoicePayment(db, deps.gateway, ctx.patientId, ctx.params.id),
  });
  api.add({
    method: 'post',
    path: '/me/payments/verify',
    tag: 'Bills',
    summary: 'Confirm a checkout: the signature is verified on the server, then the payment is recorded once',
    body: z.strictObject({
      razorpay_order_id: z.string().min(1).max(100),
      razorpay_payment_id: z.string().min(1).max(100),
      razorpay_signature: z.string().min(1).max(200),
    }),
    response: z.object({ receiptNo: z.string(), amount: z.string(), invoiceId: z.number(), status: z.string() }),
    limits: [everything, payment],
    handle: (ctx) => portal.confirmMyPayment(db, deps.gateway, ctx.patientId, ctx.body),
  });

  api.add({
    method: 'post',
    path: '/payments/razorpay/verify',
    tag: 'Bills',
    summary:
      'Confirm a checkout without a session (the frontend relays Razorpay’s callback): the signature is verified, then the payment is recorded once',
    auth: false,
    status: 201,
    body: z.strictObject({
      razorpay_order_id: z.string().min(1).max(100),
      razorpay_payment_id: z.string().min(1).max(100),
      razorpay_signature: z.string().min(1).max(200),
    }),
    response: z.object({ receiptNo: z.string(), amount: z.string(), invoiceId: z.number() }),
    limits: [everything, paymentCallback],
    handle: async (ctx) => {
      const recorded = await confirmCheckout(db, deps.gateway, ctx.body);
      return { receiptNo: recorded.receiptNo, amount: recorded.amount.toFixed(2), invoiceId: recorded.invoiceId };
    },
  });

  // ── Laboratory ──
  api.add({
    method: 'get',
    path: '/me/lab-results',
    tag: 'Laboratory',
    summary: 'My released lab results',
    query: z.strictObject(paging),
    limits: [everything],
    response: page(labReport),
    handle: (ctx) => portal.myLabResults(db, ctx.patientId, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/me/lab-results/:id/pdf',
    tag: 'Laboratory',
    summary: 'One of my released lab reports as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const file = await portal.myLabReportPdf(db, deps.env, ctx.patientId, ctx.params.id);
      return new FileAnswer(file.fileName, 'application/pdf', file.pdf);
    },
  });

  // ── Profile ──
  api.add({
    method: 'get',
    path: '/me/profile',
    tag: 'Profile',
    summary: 'My details as the hospital has them',
    limits: [everything],
    response: profile,
    handle: (ctx) => portal.myProfile(db, ctx.patientId),
  });
  api.add({
    method: 'patch',
    path: '/me/profile',
    tag: 'Profile',
    summary: 'Change my contact details (name, date of birth and phone are changed at the front desk)',
    body: z.strictObject({
      email: optional(
        z
          .email('Enter a valid e-mail address')
          .max(200)
          .transform((e) => e.toLowerCase()),
      ),
      addressLine: optional(z.string().trim().max(200)),
      city: optional(z.string().trim().max(80)),
      stateCode: optional(z.string().regex(/^\d{2}$/, 'Two-digit GST state code, e.g. 27')),
      pincode: optional(z.string().regex(/^\d{6}$/, 'Six-digit PIN code')),
      emergencyContactName: optional(z.string().trim().max(120)),
      emergencyContactPhone: optional(phone),
    }),
    limits: [everything],
    response: profile,
    handle: (ctx) => portal.updateMyProfile(db, actorOf(ctx), ctx.patientId, ctx.body),
  });

  return {
    router: api.router,
    document: () =>
      api.document({
        title: 'Parth Hospital patient API',
        version: '1.0.0',
        description:
          'For the patient frontend. Times are ISO 8601; calendar days are Asia/Kolkata. Amounts are rupees as exact decimal strings.',
      }),
  };
}
