/**
 * The one place where errors become HTTP answers. Every error leaves as JSON
 * `{ error: { code, message, details? } }` with the right status; anything we
 * did not anticipate is logged with its stack and answered with a generic 500,
 * so no stack trace or internal message ever reaches a client.
 */
import { Prisma } from '@prisma/client';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../config/logger.js';
import { DomainError } from '../../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

interface HttpAnswer {
  status: number;
  body: ErrorBody;
}

function answer(status: number, code: string, message: string, details?: unknown): HttpAnswer {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

/** Errors raised by body-parser/raw-body carry `type` and `status`. */
function bodyParserAnswer(error: { type?: unknown; status?: unknown }): HttpAnswer | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return answer(400, 'MALFORMED_BODY', 'The request body is not valid JSON');
    case 'entity.too.large':
      return answer(413, 'BODY_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return answer(415, 'UNSUPPORTED_ENCODING', 'The request body encoding is not supported');
    case 'request.aborted':
      return answer(400, 'REQUEST_ABORTED', 'The request was aborted');
    default:
      return undefined;
  }
}

function prismaAnswer(error: Prisma.PrismaClientKnownRequestError): HttpAnswer | undefined {
  switch (error.code) {
    case 'P2002':
      return answer(409, 'ALREADY_EXISTS', 'A record with these details already exists');
    case 'P2025':
      return answer(404, 'NOT_FOUND', 'The record was not found');
    case 'P2003':
      return answer(409, 'IN_USE', 'The record is referenced by other records');
    default:
      return undefined;
  }
}

export function toHttpAnswer(error: unknown): HttpAnswer | undefined {
  if (error instanceof DomainError) return answer(error.status, error.code, error.message, error.details);
  if (error instanceof ZodError) {
    return answer(
      400,
      'VALIDATION_FAILED',
      'Some fields are missing or invalid',
      error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) return prismaAnswer(error);
  if (error && typeof error === 'object' && 'type' in error) return bodyParserAnswer(error);
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toHttpAnswer(error);
    if (!known) {
      logger.error('unhandled error', {
        requestId: req.id,
        path: req.originalUrl.split('?')[0],
        error: error instanceof Error ? error.stack : String(error),
      });
    }
    const { status, body } = known ?? answer(500, 'INTERNAL_ERROR', 'Something went wrong on our side. Please try again.');
    res.status(status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } };
  res.status(404).json(body);
};
