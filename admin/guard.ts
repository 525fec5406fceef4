/**
 * The server-side half of admin/access.ts. AdminJS answers a forbidden action
 * with HTTP 200 and an error notice; this guard runs first and answers any
 * request to an action the staff member's role may not use — or that the
 * record's state forbids — with 403 and a JSON error.
 */
import type { Role } from '@prisma/client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../src/config/db.js';
import { mayDo, mayOpenPage, mayRunOperation, operationRoles, recordGuards, verbOfAction, type Verb } from './access.js';

interface Target {
  model: string;
  action: string;
  recordIds: string[];
}

const RESOURCE_ROUTE = /^\/(?:api\/)?resources\/([^/]+)(?:\/(actions|records|bulk|search)(?:\/([^/]+))?(?:\/([^/]+))?)?\/?$/;

/** Which model, action and records a back-office URL addresses (undefined for other URLs). */
export function targetOf(req: Request): Target | undefined {
  const match = RESOURCE_ROUTE.exec(req.path);
  if (!match) return undefined;
  const [, model = '', kind, first, second] = match;
  const decoded = decodeURIComponent(model);
  switch (kind) {
    case undefined:
      return { model: decoded, action: 'list', recordIds: [] };
    case 'search':
      return { model: decoded, action: 'search', recordIds: [] };
    case 'actions':
      return { model: decoded, action: first ?? 'list', recordIds: [] };
    case 'records':
      return { model: decoded, action: second ?? 'show', recordIds: first ? [decodeURIComponent(first)] : [] };
    case 'bulk': {
      const ids = typeof req.query.recordIds === 'string' ? req.query.recordIds.split(',').filter(Boolean) : [];
      return { model: decoded, action: first ?? 'bulkDelete', recordIds: ids };
    }
    default:
      return undefined;
  }
}

function forbid(res: Response, message: string): void {
  res.status(403).json({ error: { code: 'FORBIDDEN', message } });
}

type FindUnique = (args: { where: { id: number } }) => Promise<Record<string, unknown> | null>;

async function stateRefusal(db: Db, model: string, verb: Verb, recordIds: string[]): Promise<string | null> {
  const guard = recordGuards[model]?.[verb];
  if (!guard) return null;
  const delegate = (db as unknown as Record<string, { findUnique: FindUnique }>)[model.charAt(0).toLowerCase() + model.slice(1)];
  for (const id of recordIds) {
    const record = await delegate?.findUnique({ where: { id: Number(id) } });
    const refusal = record ? guard(record) : null;
    if (refusal) return refusal;
  }
  return null;
}

const PAGE_ROUTE = /^\/(?:api\/)?pages\/([^/]+)\/?$/;

export function accessGuard(db: Db): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const page = PAGE_ROUTE.exec(req.path)?.[1];
    if (page) {
      const role = (req.session as { adminUser?: { role?: Role } } | undefined)?.adminUser?.role;
      if (role && !mayOpenPage(role, decodeURIComponent(page))) return forbid(res, 'Your role may not open this page');
      return next();
    }
    const target = targetOf(req);
    if (!target) return next();
    const verb = verbOfAction(target.action);
    const role = (req.session as { adminUser?: { role?: Role } } | undefined)?.adminUser?.role;
    // Not signed in: AdminJS sends the browser to the login page.
    if (!role) return next();
    if (!verb) {
      // A hospital operation (check in, discharge, …): its own roles, from the same table file.
      const known = operationRoles[target.model]?.[target.action] !== undefined;
      if (known && !mayRunOperation(role, target.model, target.action)) {
        forbid(res, `Your role may not ${target.action} here`);
        return;
      }
      return next();
    }
    if (!mayDo(role, target.model, verb)) {
      forbid(res, `Your role may not ${verb} ${target.model} records`);
      return;
    }
    if (verb === 'read' || target.recordIds.length === 0) return next();
    stateRefusal(db, target.model, verb, target.recordIds)
      .then((refusal) => (refusal ? forbid(res, refusal) : next()))
      .catch(next);
  };
}
