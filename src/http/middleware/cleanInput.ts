/**
 * Text PostgreSQL cannot store, or that no honest client sends: NUL bytes and
 * lone UTF-16 surrogates (half of an emoji). Refused at the door with the
 * field named — for the path, the query string and every parsed body — so no
 * such value reaches a service or the database (where it would be a 500).
 */
import type { RequestHandler } from 'express';
import { ValidationFailed } from '../../errors.js';
import type { FieldProblem } from './errors.js';

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 20;

/** The first field (dotted path) whose text cannot be stored, if any. */
export function findUnstorableText(value: unknown, path = '', depth = 0): FieldProblem | undefined {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value)
      ? { path: path || '(value)', message: 'contains characters that cannot be stored (NUL or a broken character)' }
      : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return { path: path || '(value)', message: 'is nested too deeply' };
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    const keyProblem = UNSTORABLE.test(key) ? { path: at, message: 'has a name with characters that cannot be stored' } : undefined;
    const problem = keyProblem ?? findUnstorableText(item, at, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function refuse(problem: FieldProblem): ValidationFailed {
  return new ValidationFailed(`${problem.path}: ${problem.message}`, [problem]);
}

/** Throws a 400 naming the field when `value` holds text that cannot be stored. */
export function assertStorableText(value: unknown, path = ''): void {
  const problem = findUnstorableText(value, path);
  if (problem) throw refuse(problem);
}

/** The path and the query string (runs first, for both doors). */
export const refuseUnstorableUrl: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    next(new ValidationFailed('The address contains malformed %-escapes', [{ path: '(url)', message: 'malformed %-escape' }]));
    return;
  }
  const problem = findUnstorableText(path, '(path)') ?? findUnstorableText(req.query, 'query');
  next(problem ? refuse(problem) : undefined);
};

/** A parsed JSON body (after express.json). */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  const problem = findUnstorableText(req.body, 'body');
  next(problem ? refuse(problem) : undefined);
};
