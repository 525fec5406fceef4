/**
 * Builds the Express application. It does not listen and does not start
 * databases (server.ts does), so tests import it and drive it with supertest.
 */
import cors from 'cors';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Db } from '../config/db.js';
import type { Env } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import type { RedisClient } from '../config/redis.js';
import { razorpayRouter } from '../modules/payments/routes.js';
import type { Gateway } from '../modules/payments/razorpay.js';
import { healthRouter } from './health.js';
import swaggerUi from 'swagger-ui-express';
import { loggingResetSender, type ResetLinkSender } from '../modules/patientAuth/service.js';
import { httpSmsSender, loggingSmsSender, noSmsSender, type SmsSender } from '../modules/notifications/sms.js';
import { loggedSignUpCodes, notifiedResetSender } from '../modules/notifications/secrets.js';
import type { Notifier } from '../modules/notifications/service.js';
import type { JobQueue } from '../modules/jobs/queue.js';
import { accessTokens } from '../modules/patientAuth/tokens.js';
import { API_PREFIX } from './api/route.js';
import type { ApiLimits } from './api/rateLimit.js';
import { patientApi, type PatientApiEnv } from './api/v1.js';
import { refuseUnstorableBody, refuseUnstorableUrl } from './middleware/cleanInput.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { requestContext } from './middleware/requestContext.js';
import { createMetrics, metricsRoute } from './metrics.js';
import type { ErrorReporter } from '../config/errorReports.js';

export interface AppDeps {
  env: Pick<
    Env,
    | 'NODE_ENV'
    | 'TRUST_PROXY'
    | 'CORS_ORIGINS'
    | 'JSON_BODY_LIMIT'
    | 'PATIENT_JWT_SECRET'
    | 'SMS_API_URL'
    | 'SMS_API_KEY'
    | 'SMS_SENDER_ID'
    | 'REDIS_KEY_PREFIX'
    | 'METRICS_TOKEN'
  > &
    PatientApiEnv;
  db: Db;
  redis?: RedisClient | undefined;
  logger: Logger;
  /** Razorpay, when its keys are configured (src/modules/payments/razorpay.ts). */
  gateway?: Gateway | undefined;
  /** The back-office router (admin/admin.ts), mounted at /admin. */
  adminRouter?: Router | undefined;
  /** How password-reset links reach patients (default: written to the log outside production). */
  resetSender?: ResetLinkSender | undefined;
  /** How sign-up codes reach patients' phones (default: the configured SMS provider, else the log outside production). */
  sms?: SmsSender | undefined;
  /** The patient API's rate limits, when not the defaults. */
  apiLimits?: Partial<ApiLimits> | undefined;
  /** Prefix of the rate-limit counters in Redis (tests give each run its own). */
  apiLimitNamespace?: string | undefined;
  /** Where our 500s are reported besides the log (Sentry, when SENTRY_DSN is set). */
  errorReporter?: ErrorReporter | undefined;
  /** The hospital's messages (src/modules/notifications): booking confirmations, reset links, the sign-up codes' log. */
  notifier?: Notifier | undefined;
  /** The job queue, for its depth in /metrics. */
  jobs?: JobQueue | undefined;
}

/** The configured SMS provider; without one, codes are logged — except in production, where sign-up says it is not set up. */
function smsSenderFor(env: AppDeps['env'], logger: Logger): SmsSender {
  if (env.SMS_API_URL && env.SMS_API_KEY)
    return httpSmsSender({ url: env.SMS_API_URL, apiKey: env.SMS_API_KEY, senderId: env.SMS_SENDER_ID });
  return env.NODE_ENV === 'production' ? noSmsSender : loggingSmsSender(logger);
}

/** Reset links go by e-mail or SMS when the hospital has either; otherwise to the log (development). */
function resetSenderFor(deps: AppDeps, fallback: ResetLinkSender): ResetLinkSender {
  const channels = deps.notifier?.channels;
  return deps.notifier && (channels?.EMAIL || channels?.SMS) ? notifiedResetSender(deps.db, deps.notifier) : fallback;
}

const HSTS_ONE_YEAR = { maxAge: 31_536_000, includeSubDomains: true };

export function buildApp(deps: AppDeps): Express {
  const { env, logger } = deps;
  const app = express();

  app.disable('x-powered-by');
  // One reading of every path, for the router and the role guards alike: /ADMIN/… and
  // /admin/…/ are not /admin/… (admin/guard.ts matches paths exactly as written).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // Behind a TLS-terminating load balancer, req.ip and req.secure come from
  // X-Forwarded-* only for the proxies we were told to trust.
  app.set('trust proxy', env.TRUST_PROXY);

  const metrics = env.METRICS_TOKEN ? createMetrics(deps.db, deps.jobs) : undefined;
  app.use(requestContext(logger, metrics?.observe));
  if (metrics && env.METRICS_TOKEN) app.get('/metrics', metricsRoute(metrics, env.METRICS_TOKEN));
  app.use(
    helmet({
      hsts: env.NODE_ENV === 'production' ? HSTS_ONE_YEAR : false,
      contentSecurityPolicy: {
        directives: {
          // AdminJS pages carry their initial state in inline scripts and styles.
          scriptSrc: ["'self'", "'unsafe-inline'"],
          // Plain-HTTP development servers must not have their requests upgraded.
          upgradeInsecureRequests: env.NODE_ENV === 'production' ? [] : null,
        },
      },
    }),
  );
  app.use(
    cors({
      // Only the configured frontends may call us from a browser; requests
      // without an Origin header (server-to-server, curl) are unaffected.
      origin: env.CORS_ORIGINS,
      credentials: true,
      exposedHeaders: ['X-Request-Id'],
    }),
  );

  // NUL bytes, broken characters and malformed %-escapes in the address: 400 before any door.
  app.use(refuseUnstorableUrl);
  app.use(healthRouter(deps));
  // AdminJS parses its own bodies (multipart forms): it must come before express.json.
  if (deps.adminRouter) app.use('/admin', deps.adminRouter);
  // The webhook must see the raw bytes its signature covers.
  app.use(razorpayRouter({ db: deps.db, gateway: deps.gateway, logger }));

  // Body parsers come after routers that must see the raw stream (AdminJS,
  // payment webhooks), which are mounted above this line.
  // JSON only, uncompressed: a gzip body is refused (415), not inflated.
  app.use(express.json({ limit: env.JSON_BODY_LIMIT, inflate: false }));
  app.use(refuseUnstorableBody);

  const api = patientApi({
    db: deps.db,
    env,
    tokens: accessTokens(env.PATIENT_JWT_SECRET),
    redis: deps.redis,
    gateway: deps.gateway,
    resetSender: deps.resetSender ?? resetSenderFor(deps, loggingResetSender(logger, env.NODE_ENV === 'production')),
    sms: loggedSignUpCodes(deps.db, deps.sms ?? smsSenderFor(env, logger)),
    notifier: deps.notifier,
    limits: deps.apiLimits,
    limitNamespace: deps.apiLimitNamespace ?? `${env.REDIS_KEY_PREFIX}api-limit`,
    // In tests every answer is checked against the OpenAPI document's schema.
    checkResponses: env.NODE_ENV === 'test',
  });
  const openApi = api.document();
  app.use(API_PREFIX, api.router);
  app.get('/api/openapi.json', (_req, res) => res.json(openApi));
  // Swagger UI's own files come from the swagger-ui-dist package: nothing is fetched from a CDN.
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'Parth Hospital patient API' }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger, deps.errorReporter));
  return app;
}
