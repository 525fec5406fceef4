/**
 * What every module's patient-API routes are given (src/http/api/v1.ts builds
 * it once): the route builder, the database and services' dependencies, the
 * rate limits, and the audit actor of the signed-in patient.
 */
import type { Db } from '../../config/db.js';
import type { AuditActor } from '../../modules/audit/service.js';
import type { SignUpDeps } from '../../modules/patientAuth/signup.js';
import type { RateLimit } from './rateLimit.js';
import type { ApiBuilder } from './route.js';
import type { PatientApiDeps } from './v1.js';

export interface PatientRoutes {
  api: ApiBuilder;
  db: Db;
  deps: PatientApiDeps;
  limits: Record<
    'everything' | 'signIn' | 'signUp' | 'passwordReset' | 'payment' | 'paymentCallback' | 'booking' | 'codeSent' | 'codeTried',
    RateLimit
  >;
  signUpDeps: SignUpDeps;
  actorOf: (ctx: { patientId: number; req: { ip?: string | undefined; get(name: string): string | undefined } }) => AuditActor;
  /** Hours before a visit after which the portal no longer cancels it. */
  cutoff: number;
  appUrl: string;
}
