/**
 * The patient API, /api/v1: the routes the patient frontend relies on, each
 * declared by its module (src/modules/<module>/routes.ts). Each handler parses
 * (the route declaration does), calls a service and shapes the answer; the
 * services find only the signed-in patient's records.
 */
import type { Router } from 'express';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import type { RedisClient } from '../../config/redis.js';
import { patientActor } from '../../modules/actor.js';
import { appointmentRoutes } from '../../modules/appointments/routes.js';
import { billRoutes } from '../../modules/billing/routes.js';
import { clinicalRoutes } from '../../modules/clinical/routes.js';
import { labRoutes } from '../../modules/lab/routes.js';
import type { SmsSender } from '../../modules/notifications/sms.js';
import { authRoutes } from '../../modules/patientAuth/routes.js';
import type { ResetLinkSender } from '../../modules/patientAuth/service.js';
import type { AccessTokens } from '../../modules/patientAuth/tokens.js';
import type { Gateway } from '../../modules/payments/razorpay.js';
import { profileRoutes } from '../../modules/portal/routes.js';
import { notificationRoutes } from '../../modules/notifications/routes.js';
import type { Notifier } from '../../modules/notifications/service.js';
import type { PatientRoutes } from './context.js';
import { ApiBuilder } from './route.js';
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
  /** The hospital's messages (booking confirmations); none: the API sends none. */
  notifier?: Notifier | undefined;
  limits?: Partial<ApiLimits>;
  /** Prefix of the rate-limit counters in Redis. */
  limitNamespace?: string | undefined;
  /** Check every JSON answer against its documented schema (tests): a mismatch is a 500. */
  checkResponses?: boolean;
}

export function patientApi(deps: PatientApiDeps): { router: Router; document: () => object } {
  const api = new ApiBuilder(deps.tokens, { checkResponses: deps.checkResponses ?? false });
  // An override changes what it names: a flood guard given more points is still counted in batches.
  const limit = (name: keyof ApiLimits) =>
    rateLimit(name, { ...DEFAULT_API_LIMITS[name], ...deps.limits?.[name] }, deps.redis, deps.limitNamespace);
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
  const limits = { everything, signIn, signUp, passwordReset, payment, paymentCallback, booking, codeSent, codeTried };
  const routes: PatientRoutes = { api, db, deps, limits, signUpDeps, actorOf, cutoff, appUrl };
  // In the order the OpenAPI document lists them.
  for (const add of [authRoutes, appointmentRoutes, billRoutes, labRoutes, clinicalRoutes, profileRoutes, notificationRoutes]) add(routes);

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
