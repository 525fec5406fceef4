/**
 * Express handlers of the back-office's own JSON and file routes (imports,
 * reports): the staff member must be signed in (401) and hold a role the
 * route allows (403); domain errors become their 4xx answers.
 */
import type { Role } from '@prisma/client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { toHttpAnswer } from '../src/http/middleware/errors.js';
import type { Actor } from '../src/modules/actor.js';

export interface Staff extends Actor {
  role: Role;
  name: string;
}

export type StaffHandler = (req: Request, res: Response, staff: Staff) => Promise<unknown>;

export function staffRoute(mayUse: (role: Role) => boolean, refusal: string, handler: StaffHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.session.adminUser;
    if (!user) return void res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } });
    const role = user.role as Role;
    if (!mayUse(role)) return void res.status(403).json({ error: { code: 'FORBIDDEN', message: refusal } });
    const staff: Staff = { userId: user.id, role, name: user.name, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    handler(req, res, staff).catch((error: unknown) => {
      const answer = toHttpAnswer(error);
      if (answer && !res.headersSent) return void res.status(answer.status).json(answer.body);
      next(error);
    });
  };
}
