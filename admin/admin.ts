/**
 * The back-office at /admin: AdminJS over every Prisma model, behind staff
 * sign-in (bcrypt, lockout), role rules enforced on the server, sessions in
 * Redis or PostgreSQL, and an audit row for every change.
 */
import AdminJSExpress from '@adminjs/express';
import { Database } from '@adminjs/prisma';
import AdminJS, { ComponentLoader } from 'adminjs';
import express, { type Request, type Router } from 'express';
import session from 'express-session';
import type { Db } from '../src/config/db.js';
import type { Env } from '../src/config/env.js';
import type { Logger } from '../src/config/logger.js';
import { redisReady, type RedisClient } from '../src/config/redis.js';
import { todaysNumbers } from '../src/modules/reports/dashboard.js';
import { createReportSource, type ReportSource } from '../src/modules/reports/source.js';
import { signInStaff, type StaffIdentity } from '../src/modules/staff/service.js';
import { auditContext } from './auditContext.js';
import { HospitalResource } from './hospitalResource.js';
import { prepareComponentBundle } from './bundle.js';
import { registerComponents, type Components } from './components.js';
import { loadDatamodel } from './dmmf.js';
import { accessGuard } from './guard.js';
import { sidebarPageRoles } from './access.js';
import type { StoreEnv } from '../src/modules/storage/fileStore.js';
import { buildPages } from './pages.js';
import { hospitalTranslations } from './labels.js';
import { printRouter } from './print.js';
import { clinicalRouter } from './clinical.js';
import { importRouter } from './imports.js';
import { jobsRouter } from './jobs.js';
import { jobQueueFor, type JobQueue } from '../src/modules/jobs/queue.js';
import { channelsFor, type ChannelEnv } from '../src/modules/notifications/channels.js';
import { createNotifier, type Notifier } from '../src/modules/notifications/service.js';
import { reportRouter } from './reports.js';
import { backOfficeModelNames, buildResources } from './resources.js';
import { parseFormBody, redisMustAnswer, signOutRoutes, MAX_FORM_FILE_BYTES } from './requestChecks.js';
import { sameOriginOnly } from '../src/http/middleware/sameOrigin.js';
import type { Gateway } from '../src/modules/payments/razorpay.js';
import { createSessionStore, SESSION_COOKIE, sessionOptions } from './session.js';

AdminJS.registerAdapter({ Database, Resource: HospitalResource });

export interface BackOfficeDeps {
  env: Pick<
    Env,
    | 'NODE_ENV'
    | 'SESSION_SECRET'
    | 'SESSION_IDLE_MINUTES'
    | 'NEAR_EXPIRY_DAYS'
    | 'HOSPITAL_STATE_CODE'
    | 'HOSPITAL_NAME'
    | 'HOSPITAL_ADDRESS'
    | 'HOSPITAL_GSTIN'
    | 'IMPORT_DIR'
    | 'IMPORT_MAX_MB'
    | 'IMPORT_MAX_ROWS'
    | 'PUBLIC_URL'
    | 'REDIS_KEY_PREFIX'
    | 'JOBS_SCHEMA'
    | 'PATIENT_APP_URL'
  > &
    StoreEnv &
    ChannelEnv;
  db: Db;
  databaseUrl: string;
  redis?: RedisClient | undefined;
  logger: Logger;
  /** Razorpay, when the hospital takes online payments (refunds of Razorpay payments go through it). */
  gateway?: Gateway | undefined;
  /** The job queue (default: the one JOBS_SCHEMA names in this database). */
  jobs?: JobQueue | undefined;
  /** How messages reach patients and staff (default: the channels the env sets up, on the queue). */
  notifier?: Notifier | undefined;
  /** Bundle the React components now (dev: and on every change). Off in tests that don't open a browser. */
  bundle?: 'watch' | 'cached' | 'prebuilt' | 'on-demand';
}

export interface BackOffice {
  admin: AdminJS;
  router: Router;
  sessionStoreKind: 'redis' | 'postgres';
  /** The queue and the messages this back-office uses (the patient API and the workers share them). */
  jobs: JobQueue;
  notifier: Notifier;
  close(): Promise<void>;
}

// AdminJS keeps the signed-in staff member in `req.session.adminUser`.
declare module 'express-session' {
  interface SessionData {
    adminUser?: StaffIdentity;
  }
}

const regenerateSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));

function createAdmin(
  deps: BackOfficeDeps,
  resources: ReturnType<typeof buildResources>,
  loader: ComponentLoader,
  components: Components,
  reportSource: ReportSource,
  dashboardSource: ReportSource,
) {
  return new AdminJS({
    pages: buildPages(deps.db, deps.env, components),
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    resources,
    componentLoader: loader,
    dashboard: { component: components.Dashboard, handler: async () => todaysNumbers(deps.db, dashboardSource) },
    // Read by the sidebar (admin/components/SidebarPages.tsx) to offer each role only its pages.
    env: { PAGE_ROLES: JSON.stringify(sidebarPageRoles) },
    branding: { companyName: 'Parth Hospital ERP', withMadeWithLove: false, logo: false },
    settings: { defaultPerPage: 20 },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      translations: {
        en: {
          ...hospitalTranslations(),
          messages: { invalidCredentials: 'Wrong email or password.' },
          components: {
            Login: {
              welcomeHeader: 'Parth Hospital',
              welcomeMessage: 'Staff sign-in for the hospital back-office: front desk, OPD, IPD, billing, pharmacy and laboratory.',
            },
          },
          pages: {
            todaysQueue: "Today's OPD queue",
            bedBoard: 'Bed board',
            pharmacyAlerts: 'Pharmacy alerts',
            imports: 'Imports',
            jobs: 'Jobs',
            reports: 'Reports',
            myPatients: 'My patients today',
            encounter: 'Consultation',
            wardRound: 'Ward and medication round',
          },
          labels: {
            navigation: 'Departments',
            'Front desk': 'Front desk',
            Patient: 'Patients',
            Appointment: 'Appointments',
            Doctor: 'Doctors',
            AuditLog: 'Audit log',
          },
        },
      },
    },
  });
}

export async function createBackOffice(deps: BackOfficeDeps): Promise<BackOffice> {
  const datamodel = await loadDatamodel();
  const jobs = deps.jobs ?? jobQueueFor(deps.databaseUrl, deps.env.JOBS_SCHEMA);
  const notifier =
    deps.notifier ?? createNotifier(deps.db, jobs, channelsFor(deps.env), deps.logger, deps.env.PATIENT_APP_URL ?? deps.env.PUBLIC_URL);
  const loader = new ComponentLoader();
  const components = registerComponents(loader);
  const reportSource = createReportSource(deps.databaseUrl);
  // The dashboard's one-day numbers on every page load: a small pool without JIT (source.ts).
  const dashboardSource = createReportSource(deps.databaseUrl, 2, { jit: false });
  const admin = createAdmin(
    deps,
    buildResources(datamodel, deps.db, { env: deps.env, gateway: deps.gateway, notifier }, components),
    loader,
    components,
    reportSource,
    dashboardSource,
  );
  await prepareComponentBundle(admin, deps.bundle ?? 'on-demand', deps.logger);

  if (deps.redis) await redisReady(deps.redis);
  const sessions = createSessionStore({
    redis: deps.redis,
    databaseUrl: deps.databaseUrl,
    logger: deps.logger,
    keyPrefix: deps.env.REDIS_KEY_PREFIX,
  });
  const options = sessionOptions(deps.env, sessions.store);

  // Runs before AdminJS's own routes: the session (AdminJS then reuses it),
  // who is acting (for the audit rows), and the role rules (403 on a crafted request).
  // Case-sensitive like the guard's patterns; a trailing slash is allowed on both sides
  // (AdminJS's root route is '' and must answer /admin).
  const front = express.Router({ caseSensitive: true });
  front.use(sameOriginOnly(deps.env.PUBLIC_URL));
  if (sessions.kind === 'redis') front.use(redisMustAnswer(deps.redis));
  front.use(session(options));
  front.use(signOutRoutes('/admin/login'));
  // The import upload streams its own file (admin/imports.ts); every other form is parsed here.
  front.use(parseFormBody((path) => path.startsWith('/imports')));
  front.use((req, _res, next) => {
    const actor = { userId: req.session.adminUser?.id ?? null, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    auditContext.run(actor, next);
  });
  front.use(accessGuard(deps.db, new Set(backOfficeModelNames(datamodel))));
  front.use(printRouter(deps.db, deps.env));
  front.use(clinicalRouter(deps.db, notifier));
  front.use(importRouter(deps.db, jobs, deps.env));
  front.use(reportRouter(deps.db, reportSource, jobs, deps.databaseUrl, deps.logger, deps.env));
  front.use(jobsRouter(deps.db, jobs));

  const router = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      cookieName: SESSION_COOKIE,
      cookiePassword: deps.env.SESSION_SECRET,
      authenticate: async (email: string, password: string, context?: { req: Request }) => {
        const req = context?.req;
        if (!req) return null;
        const staff = await signInStaff(deps.db, deps.logger, {
          email: String(email ?? ''),
          password: String(password ?? ''),
          ip: req.ip ?? 'unknown',
          userAgent: req.get('user-agent') ?? null,
        });
        // A new session id at sign-in, so a session id planted before login is worthless.
        if (staff) await regenerateSession(req);
        return staff;
      },
    },
    front,
    options,
    { maxFileSize: MAX_FORM_FILE_BYTES, multiples: false },
  );

  return {
    admin,
    router,
    sessionStoreKind: sessions.kind,
    jobs,
    notifier,
    close: async () => {
      await Promise.all([sessions.close(), reportSource.close(), dashboardSource.close()]);
    },
  };
}
