/**
 * Express handlers of the back-office's own JSON and file routes (imports,
 * reports): the staff member must be signed in (401) and hold a role the
 * route allows (403). Every refusal and error goes to the app's one error
 * handler (src/http/middleware/errors.ts).
 */
import type { Role } from '@prisma/client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Forbidden, Unauthenticated } from '../src/errors.js';
import type { Actor } from '../src/modules/actor.js';

export interface Staff extends Actor {
  role: Role;
  name: string;
}

export type StaffHandler = (req: Request, res: Response, staff: Staff) => Promise<unknown>;

export function staffRoute(mayUse: (role: Role) => boolean, refusal: string, handler: StaffHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.session.adminUser;
    if (!user) return next(new Unauthenticated());
    const role = user.role as Role;
    if (!mayUse(role)) return next(new Forbidden(refusal));
    const staff: Staff = { userId: user.id, role, name: user.name, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    handler(req, res, staff).catch(next);
  };
}
