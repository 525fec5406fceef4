/**
 * What every back-office request passes before AdminJS sees it, in order:
 * Redis must be answering when it holds the sessions (else 503, not a hang or
 * an HTML error page), the body is parsed here — so a malformed one is a 400 in
 * the one error path, not a crash inside AdminJS — and its text must be storable.
 * Sign-out is a POST (a link or an image on another site cannot sign a clerk out).
 */
import formidableMiddleware from 'express-formidable';
import { Router, type RequestHandler } from 'express';
import type { RedisClient } from '../src/config/redis.js';
import { DomainError, ServiceUnavailable, ValidationFailed } from '../src/errors.js';
import { findUnstorableText } from '../src/http/middleware/cleanInput.js';

export const MAX_FORM_FILE_BYTES = 25 * 1024 * 1024;

/** Sessions live in Redis: while it is away nobody can be recognised, so say so at once. */
export function redisMustAnswer(redis: RedisClient | undefined): RequestHandler {
  return (_req, _res, next) => {
    if (!redis || redis.status === 'ready') return next();
    next(new ServiceUnavailable('Sign-in is briefly unavailable (the session store is not answering): please try again in a few seconds'));
  };
}

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded|application\/json)\b/i;

class UnsupportedBody extends DomainError {
  constructor() {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data, application/x-www-form-urlencoded or JSON');
  }
}

const hasBody = (headers: Record<string, unknown>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/**
 * Parses a form post the way AdminJS would (express-formidable, which skips a
 * request it has already parsed). `skip`: routes that stream their own upload.
 */
export function parseFormBody(skip: (path: string) => boolean): RequestHandler {
  const parse = formidableMiddleware({ maxFileSize: MAX_FORM_FILE_BYTES, multiples: false });
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || skip(req.path)) return next();
    if (hasBody(req.headers) && !FORM_TYPES.test(req.get('content-type') ?? '')) return next(new UnsupportedBody());
    let answered = false;
    parse(req, res, (error?: unknown) => {
      // express-formidable may report one failure twice (its error event and its callback).
      if (answered) return;
      answered = true;
      if (error) {
        const message = String((error as Error).message ?? '');
        if (/maxFileSize|maxFieldsSize/.test(message))
          return next(new DomainError(413, 'BODY_TOO_LARGE', 'The form or its file is too large'));
        return next(new ValidationFailed('The form could not be read: send it again from the back-office page'));
      }
      const problem = findUnstorableText((req as { fields?: unknown }).fields, 'payload');
      next(problem ? new ValidationFailed(`${problem.path}: ${problem.message}`, [problem]) : undefined);
    });
  };
}

const SIGN_OUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign out — Parth Hospital</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;height:90vh;color:#1f2d3d}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:0;background:#1f6feb;color:#fff;cursor:pointer}</style></head>
<body><form method="post" action="/admin/logout"><p>Sign out of the Parth Hospital back-office?</p>
<button type="submit" autofocus>Sign out</button></form>
<script>document.forms[0].submit()</script></body></html>`;

/** GET shows a sign-out form (posted at once by the page itself); only the POST ends the session. */
export function signOutRoutes(loginPath: string): Router {
  const router = Router({ caseSensitive: true });
  router.get('/logout', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(SIGN_OUT_PAGE);
  });
  router.post('/logout', (req, res, next) => {
    req.session.destroy((error: unknown) => (error ? next(error) : res.redirect(303, loginPath)));
  });
  return router;
}
