/**
 * The one place where errors become HTTP answers, for both doors (the patient
 * API and the back-office). Every error leaves as JSON
 * `{ error: { code, message, details? } }` with the right status:
 *
 * - the client's mistakes (zod, domain errors, AdminJS validation, body-parser
 *   errors, malformed URIs, values PostgreSQL refuses) → 4xx naming the field;
 * - lost races (unique keys, write conflicts, transaction timeouts) → 409;
 * - PostgreSQL or Redis unavailable → 503 with Retry-After;
 * - anything else is our bug: logged with its stack, answered with a generic 500,
 *   so no stack trace or internal message ever reaches a client.
 *
 * `admin/hospitalResource.ts` and `admin/notices.ts` turn the same
 * classification into AdminJS form errors and notices.
 */
import type { ErrorReporter } from '../../config/errorReports.js';
import { routePattern } from '../metrics.js';
import { Prisma } from '@prisma/client';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../config/logger.js';
import { DomainError, ServiceUnavailable } from '../../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface HttpAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** One problem with one field of the request, as sent in `details`. */
export interface FieldProblem {
  path: string;
  message: string;
}

function answer(status: number, code: string, message: string, details?: unknown): HttpAnswer {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

const unavailable = (message: string, retryAfterSeconds = 5): HttpAnswer => ({
  ...answer(503, 'SERVICE_UNAVAILABLE', message),
  headers: { 'Retry-After': String(retryAfterSeconds) },
});

const DATABASE_DOWN = 'The database is not answering right now: please try again in a few seconds';
const BUSY = 'Someone else was changing the same records at that moment: please try again';
const OVERLOADED = 'The hospital system is very busy right now: please try again in a few seconds';

/**
 * Every connection of the pool stayed busy while this request waited for one
 * (a burst of work, or transactions queued behind a lock): the database is up,
 * this server is saturated. Still a 503 with Retry-After, said truthfully.
 */
const POOL_EXHAUSTED =
  /timeout exceeded when trying to connect|Timed out fetching a new connection|too many clients|remaining connection slots/i;

function unavailableAnswer(error: unknown): HttpAnswer {
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  const code = (error as { code?: unknown } | null)?.code;
  return unavailable(code === 'P2024' || POOL_EXHAUSTED.test(message) ? OVERLOADED : DATABASE_DOWN);
}

/** Errors raised by body-parser/raw-body carry `type` and `status`. */
function bodyParserAnswer(error: { type?: unknown }): HttpAnswer | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return answer(400, 'MALFORMED_BODY', 'The request body is not valid JSON');
    case 'entity.too.large':
      return answer(413, 'BODY_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
      return answer(415, 'UNSUPPORTED_ENCODING', 'The request body encoding is not supported: send it uncompressed');
    case 'charset.unsupported':
      return answer(415, 'UNSUPPORTED_CHARSET', 'The request body must be UTF-8');
    case 'request.aborted':
      return answer(400, 'REQUEST_ABORTED', 'The request was aborted');
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return answer(400, 'MALFORMED_BODY', 'The request body could not be read');
    default:
      return undefined;
  }
}

interface PgLike {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  column?: unknown;
}

/** The SQLSTATE of a PostgreSQL error, however it reached us (pg directly, or wrapped by Prisma's adapter). */
function sqlState(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    cause?: { originalCode?: unknown; code?: unknown };
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } }; code?: unknown };
  };
  const candidates = [e?.meta?.driverAdapterError?.cause?.originalCode, e?.cause?.originalCode, e?.meta?.code, e?.code];
  const found = candidates.find((c) => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  return found as string | undefined;
}

/** A constraint or column named in a PostgreSQL error, to tell the client which field. */
function pgSubject(error: unknown): string | undefined {
  const e = error as { constraint?: unknown; column?: unknown; cause?: PgLike; meta?: { driverAdapterError?: { cause?: PgLike } } };
  const cause = e?.meta?.driverAdapterError?.cause ?? e?.cause ?? e;
  const message = String((cause as { originalMessage?: unknown }).originalMessage ?? (cause as PgLike)?.message ?? '');
  const named = /constraint "([^"]+)"/.exec(message)?.[1];
  return [e?.constraint, e?.column, named].find((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Our own refusal raised by a database trigger (prisma/migrations/*_fiscal_records_are_final). */
const FISCAL_RULE = /^Fiscal record: /;

function pgAnswer(state: string, error: unknown): HttpAnswer | undefined {
  const subject = pgSubject(error);
  const details = subject ? [{ path: subject, message: 'not allowed' }] : undefined;
  if (state === 'P0001') {
    const message = String((error as { message?: unknown }).message ?? '');
    const raw = /Fiscal record: [^"`]*/.exec(message)?.[0];
    if (raw && FISCAL_RULE.test(raw)) return answer(409, 'FISCAL_RECORD_FINAL', raw.replace(FISCAL_RULE, '').trim());
    // prisma/migrations/*_gst_law_2026: a rate that is no GST slab on the day of supply.
    const rate = /GST rate: ([^"`\n]*)/.exec(message)?.[1]?.trim();
    if (rate) {
      const text = `${rate.replace(/^(\d+)\.00 %/, '$1%')}: choose one of the rates in force`;
      return answer(400, 'INVALID_GST_RATE', text, [{ path: 'gstRate', message: text }]);
    }
    return undefined;
  }
  if (state === '23505') return answer(409, 'ALREADY_EXISTS', 'A record with these details already exists', details);
  if (state === '23503') return answer(409, 'IN_USE', 'The record is referenced by other records, or refers to one that does not exist');
  if (state === '23514' || state === '23502' || state === '23P01')
    return answer(400, 'NOT_ALLOWED', 'Some values are not allowed (for example a negative amount or an end before the start)', details);
  // Class 22: data exceptions — a value PostgreSQL cannot store (too long, out of range, bad text).
  if (state.startsWith('22')) return answer(400, 'INVALID_VALUE', 'A value is not valid (too long, out of range, or not text)', details);
  if (state === '54000') return answer(400, 'VALUE_TOO_LONG', 'A value is far too long', details);
  if (state === '40001' || state === '40P01' || state === '55P03') return answer(409, 'TRY_AGAIN', BUSY);
  // Class 08: connection exceptions; 57P0x: the server is shutting down or starting; 53xxx: out of resources.
  if (state.startsWith('08') || /^57P0[1-4]$/.test(state) || state.startsWith('53')) return unavailableAnswer(error);
  return undefined;
}

function prismaAnswer(error: Prisma.PrismaClientKnownRequestError): HttpAnswer | undefined {
  switch (error.code) {
    case 'P2002':
      return answer(409, 'ALREADY_EXISTS', 'A record with these details already exists');
    case 'P2025':
      return answer(404, 'NOT_FOUND', 'The record was not found');
    case 'P2003':
      return answer(409, 'IN_USE', 'The record is referenced by other records, or refers to one that does not exist');
    // A transaction that could not start or finish in time (a busy slot, a long queue for a row lock),
    // or lost a write conflict: the request lost a race, it may simply be tried again.
    case 'P2028':
    case 'P2034':
      return answer(409, 'TRY_AGAIN', BUSY);
    case 'P2000':
    case 'P2020':
    case 'P2023':
    case 'P2007':
      return answer(400, 'INVALID_VALUE', 'A value is not valid (too long, out of range, or of the wrong kind)');
    case 'P2011':
      return answer(400, 'VALIDATION_FAILED', 'A required value is missing');
    case 'P1001':
    case 'P1002':
    case 'P1008':
    case 'P1017':
    case 'P2024':
    case 'P2037':
      return unavailableAnswer(error);
    default: {
      const state = sqlState(error);
      return state ? pgAnswer(state, error) : undefined;
    }
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Stream isn't writeable|Reached the max retries per request limit|Can't reach database server|Server has closed the connection|terminating connection/i;

/** PostgreSQL, Redis or the network below them is gone: not the client's fault, and worth a retry. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof ServiceUnavailable) return true;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: { kind?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'].includes(String(e.cause?.kind))) return true;
  return typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message);
}

function zodAnswer(error: ZodError): HttpAnswer {
  const details: FieldProblem[] = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = details[0];
  const message = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'Some fields are missing or invalid';
  return answer(400, 'VALIDATION_FAILED', message, details);
}

/** AdminJS's own errors (ValidationError, ForbiddenError, NotFoundError) carry a 4xx `statusCode`. */
function adminJsAnswer(error: Error & { statusCode?: unknown; propertyErrors?: unknown; baseError?: unknown }): HttpAnswer | undefined {
  const status = Number(error.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return undefined;
  const propertyErrors = (error.propertyErrors ?? {}) as Record<string, { message?: string }>;
  const details: FieldProblem[] = Object.entries(propertyErrors).map(([path, problem]) => ({
    path,
    message: String(problem?.message ?? 'is not valid'),
  }));
  const base = (error.baseError as { message?: string } | null)?.message;
  const first = details[0];
  const message = base ?? (first ? `${first.path}: ${first.message}` : error.message || 'The request is not valid');
  const code = status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
  return answer(status, code, message, details.length > 0 ? details : undefined);
}

/** http-errors (body-parser, raw-body, express's own) mark the client's mistakes `expose: true`. */
function exposedHttpError(error: { status?: unknown; expose?: unknown; message?: unknown }): HttpAnswer | undefined {
  const status = Number(error.status);
  if (error.expose !== true || !Number.isInteger(status) || status < 400 || status > 499) return undefined;
  return answer(
    status,
    status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST',
    String(error.message),
  );
}

/** What a known error means for the client; undefined for our own bugs (a 500). */
export function toHttpAnswer(error: unknown): HttpAnswer | undefined {
  if (error instanceof ServiceUnavailable) return unavailable(error.message, error.retryAfterSeconds);
  if (error instanceof DomainError) {
    const known = answer(error.status, error.code, error.message, error.details);
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return typeof retryAfter === 'number' ? { ...known, headers: { 'Retry-After': String(Math.max(1, retryAfter)) } } : known;
  }
  if (error instanceof ZodError) return zodAnswer(error);
  if (error instanceof Prisma.PrismaClientKnownRequestError)
    return prismaAnswer(error) ?? (isUnavailable(error) ? unavailableAnswer(error) : undefined);
  if (error instanceof Prisma.PrismaClientInitializationError) return unavailable(DATABASE_DOWN);
  if (error instanceof URIError) return answer(400, 'MALFORMED_URL', 'The address contains malformed %-escapes');
  if (error && typeof error === 'object' && 'type' in error) {
    const parsed = bodyParserAnswer(error as { type?: unknown });
    if (parsed) return parsed;
  }
  if (error && typeof error === 'object' && 'expose' in error) {
    const exposed = exposedHttpError(error as { status?: unknown; expose?: unknown; message?: unknown });
    if (exposed) return exposed;
  }
  const state = sqlState(error);
  const fromPg = state ? pgAnswer(state, error) : undefined;
  if (fromPg) return fromPg;
  if (isUnavailable(error)) return unavailableAnswer(error);
  if (error instanceof Error) return adminJsAnswer(error);
  return undefined;
}

/** Sends a known answer (with its headers); false when the error is not one we know. */
export function sendKnownError(res: Response, error: unknown): boolean {
  const known = toHttpAnswer(error);
  if (!known || res.headersSent) return false;
  for (const [name, value] of Object.entries(known.headers ?? {})) res.setHeader(name, value);
  res.status(known.status).json(known.body);
  return true;
}

export function errorHandler(logger: Logger, reporter?: ErrorReporter): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (sendKnownError(res, error)) {
      if (res.statusCode === 503)
        logger.warn('answered 503: a service we depend on is unavailable', {
          requestId: req.id,
          error: String((error as Error)?.message ?? error),
        });
      return;
    }
    logger.error('unhandled error', {
      requestId: req.id,
      path: req.originalUrl.split('?')[0],
      error: error instanceof Error ? error.stack : String(error),
    });
    reporter?.report(error, { requestId: req.id, method: req.method, route: routePattern(req, res) });
    res.status(500).json(answer(500, 'INTERNAL_ERROR', 'Something went wrong on our side. Please try again.').body);
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } };
  res.status(404).json(body);
};
