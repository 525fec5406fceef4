/**
 * Gives every request an id (echoed in `X-Request-Id`, accepted from a proxy
 * when it looks safe) and logs one line per request when the response is done:
 * method, path, status, duration, request id, and the staff member or patient
 * it was for (their ids) — never the body.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../config/logger.js';

/** Who made the request, for its log line: the signed-in staff member, or the patient of the bearer token. */
function whoOf(req: Request, res: Response): { staffId?: number; patientId?: number } {
  const staffId = (req as { session?: { adminUser?: { id?: number } } }).session?.adminUser?.id;
  const patientId = (res.locals as { patientId?: number }).patientId;
  return { ...(typeof staffId === 'number' ? { staffId } : {}), ...(typeof patientId === 'number' && patientId > 0 ? { patientId } : {}) };
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_REQUEST_ID = /^[\w.:-]{8,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

export function requestContext(logger: Logger, observe?: (req: Request, res: Response, seconds: number) => void): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    req.id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, req.id);

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      observe?.(req, res, durationMs / 1000);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      // winston formats (timestamp, JSON) before its transports drop a line below their level.
      if (!logger.isLevelEnabled(level)) return;
      logger.log(level, `${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode}`, {
        requestId: req.id,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        ...whoOf(req, res),
      });
    });
    next();
  };
}
