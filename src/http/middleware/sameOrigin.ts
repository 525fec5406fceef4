/**
 * Cross-site request forgery defence for cookie-authenticated doors (the
 * back-office), the way Go 1.25's net/http CrossOriginProtection does it, but
 * stricter: a state-changing request (anything but GET, HEAD, OPTIONS) goes on
 * only when the browser says it comes from our own origin —
 * `Sec-Fetch-Site: same-origin` (or `none`: typed by the user), else an
 * `Origin` header equal to ours — and is refused when it says neither.
 * Same-site is not enough: another port or sub-domain of this host is another origin.
 */
import type { Request, RequestHandler } from 'express';
import { DomainError } from '../../errors.js';

export class CrossOriginRefused extends DomainError {
  constructor() {
    super(
      403,
      'CROSS_ORIGIN_REFUSED',
      "This request did not come from the hospital back-office's own pages, so it was refused. Open the back-office and try again.",
    );
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/** `publicUrl`: the address users type when a proxy in front rewrites the Host header. */
export function sameOriginOnly(publicUrl?: string): RequestHandler {
  const configured = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site !== undefined) return next(site === 'same-origin' || site === 'none' ? undefined : new CrossOriginRefused());
    const origin = req.get('origin');
    const ours = origin !== undefined && origin !== 'null' && (origin === ownOrigin(req) || origin === configured);
    return next(ours ? undefined : new CrossOriginRefused());
  };
}
