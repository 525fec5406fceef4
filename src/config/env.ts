/**
 * Configuration, read once from the environment and validated with zod.
 *
 * Nothing else in the code base reads `process.env`: server.ts calls
 * `loadEnv()` and passes the result on. A wrong or missing value fails fast
 * with a ConfigError whose message names every offending variable, one per
 * line, and no stack trace is shown (see server.ts).
 *
 * Secrets may also come from files (Docker/Kubernetes secrets): when
 * `DATABASE_URL_FILE` is set, the file's content is used as `DATABASE_URL`.
 */
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { localSecret } from './secrets.js';

/** Variables that may be given as `<NAME>_FILE` instead of inline, and are never echoed in errors. */
const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'SESSION_SECRET',
  'PATIENT_JWT_SECRET',
  'RAZORPAY_KEY_SECRET',
  'RAZORPAY_WEBHOOK_SECRET',
  'SMS_API_KEY',
  'METRICS_TOKEN',
  'S3_SECRET_ACCESS_KEY',
  'WHATSAPP_TOKEN',
  'SMTP_URL',
] as const;

/** Secrets generated on first start outside production (src/config/secrets.ts), never shipped as constants. */
const GENERATED_SECRETS = ['SESSION_SECRET', 'PATIENT_JWT_SECRET'] as const;

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'expected true or false',
  })
  .transform((value) => ['true', '1', 'yes'].includes(value));

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
  message: 'expected a postgresql://user:password@host:port/database URL',
});

const redisUrl = z.string().refine((value) => /^rediss?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
  message: 'expected a redis://host:port URL',
});

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole port number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

/**
 * Express's `trust proxy`: `false`, `true`, a hop count, or a comma-separated
 * list of addresses/subnets (e.g. `loopback, 10.0.0.0/8`).
 */
const trustProxy = z
  .string()
  .trim()
  .regex(/^(true|false|\d+|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)$/, {
    message: 'expected true, false, a hop count or a list of addresses/subnets',
  })
  .transform((value): boolean | number | string => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .refine((origins) => origins.every((origin) => URL.canParse(origin) && /^https?:\/\//.test(origin)), {
    message: 'expected a comma-separated list of origins such as https://patients.parth.hospital',
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'expected development, test or production' }).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  /** Public base URL printed at start-up and used in links. */
  PUBLIC_URL: z.url({ error: 'expected a URL such as https://erp.parth.hospital' }).optional(),
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: port.default(54329),
  REDIS_URL: redisUrl.optional(),
  /**
   * Web processes serving the one port (node:cluster), each the whole app with its own event
   * loop: up to one per core the app has to itself (on two cores shared with PostgreSQL, two
   * were slower than one: README, Benchmarks). More than one needs REDIS_URL, where the rate
   * limits are counted.
   */
  WEB_CONCURRENCY: z.coerce.number({ error: 'expected a number of processes' }).int('expected a whole number').min(1).max(64).default(1),
  /** Sentry's DSN for our unexpected errors (src/config/errorReports.ts); none: errors are only logged. */
  SENTRY_DSN: z.url({ error: 'expected a Sentry DSN such as https://<key>@o0.ingest.sentry.io/0' }).optional(),
  /** Bearer token of the Prometheus scraper for GET /metrics; without it there is no /metrics. */
  METRICS_TOKEN: z.string().min(24, 'expected at least 24 random characters (openssl rand -hex 24)').optional(),
  /** Starts every key this deployment writes to Redis (sessions, rate limits): two deployments sharing one Redis keep apart. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,39}:$/i, 'expected letters, digits, dot, dash or underscore ending in a colon, such as parth-staging:')
    .default('parth:'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'debug'], { error: 'expected error, warn, info, http or debug' }).optional(),
  TRUST_PROXY: trustProxy.default(false),
  CORS_ORIGINS: originList.default([]),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { message: 'expected a size such as 100kb or 1mb' })
    .default('1mb'),
  SEED_DEMO_DATA: booleanFromString.optional(),
  /** Printed at the head of invoices and receipts. */
  HOSPITAL_NAME: z.string().trim().min(1).default('Parth Hospital'),
  HOSPITAL_ADDRESS: z.string().trim().min(1).default('12, Karve Road, Kothrud, Pune 411038, Maharashtra'),
  HOSPITAL_GSTIN: z
    .string()
    .regex(/^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, 'expected a 15-character GSTIN such as 27AAAAA0000A1Z5')
    .default('27AABCP1234Q1Z5'),
  /** GST state code of the hospital (27 = Maharashtra): patients from other states are billed IGST. */
  /** A logo printed at the top right of bills (PNG or JPEG); none when unset. */
  HOSPITAL_LOGO_FILE: z
    .string()
    .trim()
    .min(1)
    .refine((file) => existsSync(file), { message: 'no file there (a PNG or JPEG logo)' })
    .optional(),
  HOSPITAL_STATE_CODE: z
    .string()
    .regex(/^\d{2}$/, 'expected a two-digit GST state code such as 27')
    .default('27'),
  /** Razorpay key pair and webhook secret; online payment is off until all three are set. */
  RAZORPAY_KEY_ID: z
    .string()
    .regex(/^rzp_(test|live)_\w+$/, 'expected a Razorpay key id such as rzp_live_…')
    .optional(),
  RAZORPAY_KEY_SECRET: z.string().min(8, 'expected the Razorpay key secret').optional(),
  RAZORPAY_WEBHOOK_SECRET: z.string().min(8, 'expected the Razorpay webhook secret').optional(),
  /** Only for a Razorpay-compatible server (tests, sandboxes): the API base URL. Unset in production. */
  RAZORPAY_API_BASE: z.url({ error: 'expected a URL such as http://127.0.0.1:4010' }).optional(),
  /** Pharmacy: batches expiring within this many days are listed as near expiry. */
  NEAR_EXPIRY_DAYS: z.coerce.number({ error: 'expected a number of days' }).int('expected whole days').min(1).max(730).default(90),
  /** Where kept files live (src/modules/storage): this machine's disk, or an S3-compatible service every instance shares. */
  FILE_STORE: z.enum(['local', 's3'], { error: 'expected local or s3' }).default('local'),
  FILES_DIR: z.string().min(1).default('.data/files'),
  /** S3-compatible storage (FILE_STORE=s3): AWS S3 (no endpoint), Cloudflare R2 or MinIO (their endpoint). */
  S3_ENDPOINT: z.url({ error: 'expected a URL such as https://<account>.r2.cloudflarestorage.com' }).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)')
    .optional(),
  S3_REGION: z.string().min(1).default('auto'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addresses (endpoint/bucket/key), which MinIO and most self-hosted services need. */
  S3_FORCE_PATH_STYLE: booleanFromString.default(false),
  /** Where `npm run backup` writes its pg_dump files, and how many of the newest it keeps. */
  BACKUP_DIR: z.string().min(1).default('.data/backups'),
  BACKUP_KEEP: z.coerce.number({ error: 'expected a number of backups' }).int('expected a whole number').min(1).max(1000).default(14),
  /** Where uploaded import files and their error reports are kept (relative to the project). */
  IMPORT_DIR: z.string().min(1).default('.data/imports'),
  /** Largest import file accepted, in megabytes. */
  IMPORT_MAX_MB: z.coerce.number({ error: 'expected a number of megabytes' }).int('expected whole megabytes').min(1).max(500).default(25),
  /** Most data rows accepted in one import file. */
  IMPORT_MAX_ROWS: z.coerce
    .number({ error: 'expected a number of rows' })
    .int('expected whole rows')
    .min(1)
    .max(5_000_000)
    .default(200_000),
  /**
   * What one workbook's shared strings may inflate to while read (counted as they
   * inflate; a zip's directory can lie): past it the file is refused as a zip bomb.
   */
  IMPORT_MAX_SHARED_STRINGS_MB: z.coerce
    .number({ error: 'expected a number of megabytes' })
    .int('expected whole megabytes')
    .min(1)
    .max(1024)
    .default(128),
  /** Signs the back-office session cookie. Required in production. */
  SESSION_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** Minutes of inactivity after which a back-office session ends. */
  SESSION_IDLE_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .int('expected whole minutes')
    .min(1, 'expected between 1 and 1440 minutes')
    .max(1440, 'expected between 1 and 1440 minutes')
    .default(30),
  /** Signs the patient API's access tokens (HS256). At least 32 bytes; required in production. */
  PATIENT_JWT_SECRET: z
    .string()
    .refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'expected at least 32 bytes')
    .optional(),
  /** Patients may cancel or move an appointment up to this many hours before it. */
  APPOINTMENT_CANCEL_CUTOFF_HOURS: z.coerce
    .number({ error: 'expected a number of hours' })
    .int('expected whole hours')
    .min(0)
    .max(168)
    .default(2),
  /** bcrypt work factor for new password hashes: 12 in production (~250 ms here); tests use the minimum, 4. */
  BCRYPT_COST: z.coerce.number({ error: 'expected a whole number from 4 to 15' }).int().min(4).max(15).default(12),
  /** Where secrets generated outside production are kept (relative to the project). */
  SECRETS_DIR: z.string().min(1).default('.data/secrets'),
  /** HTTP SMS provider (MSG91 / Gupshup-style JSON API) for one-time codes; unset: codes are logged (development only). */
  SMS_API_URL: z.url({ error: 'expected the SMS provider URL such as https://control.msg91.com/api/v5/flow' }).optional(),
  SMS_API_KEY: z.string().min(8, 'expected the SMS provider key').optional(),
  /** The DLT-registered sender id (header) and template id of the one-time-code SMS, as TRAI's DLT rules require. */
  SMS_SENDER_ID: z
    .string()
    .regex(/^[A-Z]{6}$/, 'expected the six-letter DLT sender id such as PRTHSP')
    .default('PRTHSP'),
  SMS_OTP_TEMPLATE_ID: z
    .string()
    .regex(/^\d{15,20}$/, 'expected the DLT template id (15 to 20 digits)')
    .optional(),
  /**
   * Longest a statement of the app's pool waits for a row lock before PostgreSQL gives up
   * (55P03 → 409 "try again"): a booking queued behind a stuck lock frees its connection
   * instead of holding an HTTP request and a pool slot for as long as the lock lasts.
   */
  DB_LOCK_TIMEOUT_MS: z.coerce.number({ error: 'expected milliseconds' }).int().min(100).max(600_000).default(3000),
  /** Patient portal: most active future appointments one patient may hold (one per doctor per day besides). */
  PORTAL_MAX_ACTIVE_APPOINTMENTS: z.coerce.number({ error: 'expected a number' }).int().min(1).max(50).default(4),
  /**
   * Background jobs (src/modules/jobs): `inline` runs the workers in this process (one machine,
   * one command); `off` leaves them to `npm run worker` processes.
   */
  WORKERS: z.enum(['inline', 'off'], { error: 'expected inline or off' }).default('inline'),
  /** The PostgreSQL schema of the job queue (graphile-worker's tables); two deployments sharing a database keep apart. */
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case PostgreSQL schema name such as graphile_worker')
    .default('graphile_worker'),
  /** Jobs one worker process runs at once. */
  JOBS_CONCURRENCY: z.coerce.number({ error: 'expected a number of jobs' }).int('expected a whole number').min(1).max(50).default(4),
  /**
   * How often a worker process says it is alive; one silent for four of these is dead and the
   * jobs it held are run again elsewhere.
   */
  JOBS_HEARTBEAT_SECONDS: z.coerce.number({ error: 'expected seconds' }).int('expected whole seconds').min(1).max(300).default(30),
  /**
   * DLT template ids of the text messages, as registered on the DLT platform: one per message
   * and language, written `appointment.reminder:en=1107…,appointment.reminder:hi=1107…`.
   */
  SMS_DLT_TEMPLATES: z
    .string()
    .regex(
      /^[a-z]+\.[a-z.]+:(en|hi|mr)=\d{15,20}(,[a-z]+\.[a-z.]+:(en|hi|mr)=\d{15,20})*$/,
      'expected message:language=template id pairs such as appointment.reminder:en=1107161234567890123',
    )
    .optional(),
  /** WhatsApp Business Cloud API: the Graph API base, the sending number's id and the access token. */
  WHATSAPP_API_URL: z.url({ error: 'expected a URL such as https://graph.facebook.com/v21.0' }).default('https://graph.facebook.com/v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{6,20}$/, 'expected the WhatsApp phone number id (digits)')
    .optional(),
  WHATSAPP_TOKEN: z.string().min(16, 'expected the WhatsApp Cloud API access token').optional(),
  /** E-mail: the SMTP server as smtp://user:password@host:587 (smtps:// for TLS from the start); unset: no e-mail. */
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^\s]+$/.test(value) && URL.canParse(value), { message: 'expected smtp://user:password@host:587' })
    .optional(),
  /** The sender of the hospital's e-mail. */
  MAIL_FROM: z.string().min(3).default('Parth Hospital <no-reply@parth.hospital>'),
  /** The patient frontend's address, for password-reset links. */
  PATIENT_APP_URL: z.url({ error: 'expected a URL such as https://patients.parth.hospital' }).optional(),
});

export type Env = z.infer<typeof envSchema> & {
  LOG_LEVEL: NonNullable<z.infer<typeof envSchema>['LOG_LEVEL']>;
  SEED_DEMO_DATA: boolean;
  SESSION_SECRET: string;
  PATIENT_JWT_SECRET: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

function resolveSecretFiles(source: Source): { values: Source; problems: string[] } {
  const values: Source = { ...source };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) {
      problems.push(`Invalid configuration: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      values[name] = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`Invalid configuration: ${name}_FILE: cannot read file ${file}`);
    }
  }
  return { values, problems };
}

/** Empty strings mean "not set", as in a `.env` file with `NAME=`. */
function withoutEmptyValues(source: Source): Source {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
}

function describeIssue(issue: z.core.$ZodIssue, source: Source): string {
  const name = issue.path.join('.');
  const given = source[name];
  // Never echo a value that could carry a password.
  const shown = given === undefined || SECRET_VARIABLES.some((s) => s === name) ? '' : ` (got "${given}")`;
  return `Invalid configuration: ${name}: ${issue.message}${shown}`;
}

export interface LoadOptions {
  /** Folder the secrets generated outside production are kept in (default SECRETS_DIR). */
  secretsRoot?: string;
}

export function loadEnv(source: Source = process.env, options: LoadOptions = {}): Env {
  const { values, problems } = resolveSecretFiles(withoutEmptyValues(source));
  const parsed = envSchema.safeParse(values);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, values)));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const missingInProduction = [
    !env.DATABASE_URL &&
      'Invalid configuration: DATABASE_URL: required when NODE_ENV=production (the embedded database is for development only)',
    !env.SESSION_SECRET && 'Invalid configuration: SESSION_SECRET: required when NODE_ENV=production (at least 32 random characters)',
    !env.PATIENT_JWT_SECRET && 'Invalid configuration: PATIENT_JWT_SECRET: required when NODE_ENV=production (at least 32 random bytes)',
  ].filter((problem): problem is string => Boolean(problem));
  if (env.FILE_STORE === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) problems.push(`Invalid configuration: ${name}: required when FILE_STORE=s3`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  // Without Redis each process would count sign-in attempts and API requests on its own: N times the limits.
  if (env.WEB_CONCURRENCY > 1 && !env.REDIS_URL)
    throw new ConfigError([
      `Invalid configuration: WEB_CONCURRENCY: more than one web process needs REDIS_URL (the rate limits are shared there)`,
    ]);
  if (production && env.BCRYPT_COST < 10)
    missingInProduction.push('Invalid configuration: BCRYPT_COST: at least 10 when NODE_ENV=production');
  if (production && missingInProduction.length > 0) throw new ConfigError(missingInProduction);
  // Outside production a missing secret is generated once and kept in SECRETS_DIR, so no
  // two installations share one and nothing in the repository can sign a session or token.
  const secretsDir = options.secretsRoot ?? env.SECRETS_DIR;
  const [sessionSecret, jwtSecret] = GENERATED_SECRETS.map((name) => env[name] ?? localSecret(secretsDir, name));
  return {
    ...env,
    LOG_LEVEL: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    // Demo data never reaches a production database, whatever the flag says.
    SEED_DEMO_DATA: production ? false : (env.SEED_DEMO_DATA ?? true),
    SESSION_SECRET: sessionSecret as string,
    PATIENT_JWT_SECRET: jwtSecret as string,
  };
}

/** Set by the supervisor in each web process it starts (src/webProcesses.ts), and kept by its replacement. */
export const WEB_PROCESS_VARIABLE = 'PARTH_WEB_PROCESS';

/** This web process's place among WEB_CONCURRENCY (0 … n − 1); 0 when it is the only one. */
export function webProcessIndex(source: Source = process.env): number {
  return Number(source[WEB_PROCESS_VARIABLE] ?? 0);
}
