/**
 * The server-side half of admin/access.ts, run before AdminJS sees a request.
 * AdminJS answers a forbidden action with HTTP 200 and an error notice; this
 * guard answers first, deny by default:
 * - a resource, action or page that no table names → 403 (404 for an unknown resource);
 * - a role the table does not list for it → 403;
 * - a record the fiscal rules protect (an issued invoice, a payment) → 403 for update/delete;
 * - an id that cannot be a record's → 404;
 * - a back-office API call without a session → 401 (pages still redirect to the login).
 * Paths are matched as the router routes them (case-sensitive, one optional
 * trailing slash: admin/admin.ts and these patterns agree), so no spelling slips past.
 */
import type { Role } from '@prisma/client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../src/config/db.js';
import { DomainError, Forbidden, NotFound, Unauthenticated } from '../src/errors.js';
import { fiscalRefusalOfRecords } from '../src/modules/billing/fiscalRecords.js';
import { isRecordId } from '../src/modules/ids.js';
import { mayOpenPage, rolesForAction, verbOfAction } from './access.js';

class MethodNotAllowed extends DomainError {
  constructor() {
    super(405, 'METHOD_NOT_ALLOWED', 'This back-office action is not used that way (forms are read with GET and sent with POST)');
  }
}

interface Target {
  model: string;
  action: string;
  recordIds: string[];
}

// The AdminJS routes that address a resource (adminjs/lib/backend/utils/router/router.js).
const RESOURCE_ROUTE = /^\/(?:api\/)?resources\/([^/]+)(?:\/(actions|records|bulk|search)(?:\/([^/]+))?(?:\/([^/]+))?)?\/?$/;
const PAGE_ROUTE = /^\/(?:api\/)?pages\/([^/]+)\/?$/;
/** Back-office API paths that address no resource or page and are open to every signed-in staff member. */
const OPEN_API_PATHS = new Set(['/api/dashboard']);

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Which model, action and records a back-office URL addresses (undefined for other URLs). */
export function targetOf(req: Request): Target | undefined {
  const match = RESOURCE_ROUTE.exec(req.path);
  if (!match) return undefined;
  const [, rawModel = '', kind, first, second] = match;
  const model = decoded(rawModel);
  switch (kind) {
    case undefined:
      return { model, action: 'list', recordIds: [] };
    case 'search':
      return { model, action: 'search', recordIds: [] };
    case 'actions':
      return { model, action: decoded(first ?? 'list'), recordIds: [] };
    case 'records':
      return { model, action: decoded(second ?? 'show'), recordIds: first ? [decoded(first)] : [] };
    case 'bulk': {
      const raw = req.query.recordIds;
      const ids = typeof raw === 'string' ? raw.split(',').filter(Boolean) : Array.isArray(raw) ? raw.map(String) : [];
      return { model, action: decoded(first ?? 'bulkDelete'), recordIds: ids };
    }
    default:
      return undefined;
  }
}

const roleOf = (req: Request): Role | undefined => (req.session as { adminUser?: { role?: Role } } | undefined)?.adminUser?.role;

/** The refusal for this request, or undefined when it may go on. */
async function refusalOf(db: Db, models: ReadonlySet<string>, req: Request): Promise<Error | undefined> {
  const role = roleOf(req);
  const page = PAGE_ROUTE.exec(req.path)?.[1];
  const target = page ? undefined : targetOf(req);
  const isApi = req.path.startsWith('/api/');
  if (!role) {
    // Not signed in: pages go to the login form (AdminJS redirects); the API says so.
    return isApi ? new Unauthenticated('Your session has ended: please sign in again') : undefined;
  }
  if (page) return mayOpenPage(role, decoded(page)) ? undefined : new Forbidden('Your role may not open this page');
  if (!target) return isApi && !OPEN_API_PATHS.has(req.path.replace(/\/$/, '')) ? new NotFound('This back-office address') : undefined;
  if (!models.has(target.model)) return new NotFound('This part of the back-office');
  const roles = rolesForAction(target.model, target.action);
  if (!roles) return new Forbidden(`"${target.action}" is not an action of ${target.model} records`);
  if (!roles.includes(role)) {
    const verb = verbOfAction(target.action);
    return new Forbidden(verb ? `Your role may not ${verb} ${target.model} records` : `Your role may not ${target.action} here`);
  }
  // AdminJS's own actions take GET (to read a form) and POST (to act); "new" only POST.
  if (isApi && (!['GET', 'POST'].includes(req.method) || (target.action === 'new' && req.method !== 'POST'))) {
    return new MethodNotAllowed();
  }
  if (target.recordIds.some((id) => !isRecordId(id))) return new NotFound('The record');
  const verb = verbOfAction(target.action);
  if (verb !== 'update' && verb !== 'delete') return undefined;
  const refusal = await fiscalRefusalOfRecords(db, target.model, verb, target.recordIds.map(Number));
  return refusal ? new Forbidden(refusal) : undefined;
}

export function accessGuard(db: Db, models: ReadonlySet<string>): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    refusalOf(db, models, req).then((refusal) => next(refusal), next);
  };
}
