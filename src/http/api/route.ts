/**
 * How the patient API declares a route: once, with the zod schemas of its
 * path parameters, query and body. The same declaration validates the
 * request (unknown fields refused, 400 with per-field messages), checks the
 * bearer token, applies the route's rate limit, and registers the route in
 * the OpenAPI document — so the document cannot drift from the code.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { Unauthenticated as NotSignedIn } from '../../errors.js';
import type { AccessTokens } from '../../modules/patientAuth/tokens.js';
import type { RateLimit } from './rateLimit.js';

export const API_PREFIX = '/api/v1';

type Method = 'get' | 'post' | 'patch';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ApiContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in patient (0 on public routes). */
  patientId: number;
  req: Request;
  res: Response;
}

/** A file answer (PDF): sent as bytes with its name. */
export class FileAnswer {
  constructor(
    readonly fileName: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends AnyObject> {
  method: Method;
  /** Express-style path under /api/v1, e.g. "/me/appointments/:id". */
  path: string;
  summary: string;
  tag: string;
  /** Public routes (sign-up, catalogue) say false; everything else needs a bearer token. */
  auth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  status?: 200 | 201 | 202 | 204;
  response?: z.ZodType;
  produces?: 'application/json' | 'application/pdf';
  limits?: readonly RateLimit[];
  handle(ctx: ApiContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<unknown>;
}

export class Unauthenticated extends NotSignedIn {
  constructor() {
    super('Sign in to continue (send the access token as "Authorization: Bearer …")');
  }
}

/** Every refusal: a code, the message in words and, for a bad field, which one and why. */
const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/**
 * The operation's stable name in the document, from its method and path (GET
 * /me/prescriptions/:id/pdf → getMePrescriptionsByIdPdf): the frontend's
 * generated client calls it by this name, so it changes only with the route.
 */
export function operationIdOf(method: Method, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[-_]/))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${method}${words.join('')}`;
}
const empty = z.strictObject({});

export class ApiBuilder {
  // Routed exactly as written: /Me/Invoices is not /me/invoices, and no trailing slash.
  readonly router = Router({ caseSensitive: true, strict: true });
  readonly registry = new OpenAPIRegistry();
  private readonly operationIds = new Set<string>();

  constructor(
    private readonly tokens: AccessTokens,
    private readonly options: { checkResponses: boolean } = { checkResponses: false },
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  }

  add<P extends AnyObject = typeof empty, Q extends AnyObject = typeof empty, B extends AnyObject = typeof empty>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const auth = spec.auth ?? true;
    const status = spec.status ?? 200;
    const operationId = operationIdOf(spec.method, spec.path);
    // Checked as the routes are declared (at start-up): the document may not be vague or ambiguous.
    if (this.operationIds.has(operationId)) throw new Error(`Two patient API routes are both ${operationId}`);
    this.operationIds.add(operationId);
    if (!spec.response && spec.produces !== 'application/pdf' && status !== 204) {
      throw new Error(`${spec.method.toUpperCase()} ${spec.path} must document its answer (response)`);
    }
    const errors = (codes: number[]) =>
      Object.fromEntries(
        codes.map((code) => [code, { description: httpReason(code), content: { 'application/json': { schema: errorBody } } }]),
      );
    this.registry.registerPath({
      method: spec.method,
      path: `${API_PREFIX}${spec.path.replace(/:(\w+)/g, '{$1}')}`,
      operationId,
      summary: spec.summary,
      tags: [spec.tag],
      security: auth ? [{ bearer: [] }] : [],
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses: {
        [status]:
          status === 204
            ? { description: 'Done' }
            : {
                description: 'OK',
                content: {
                  [spec.produces ?? 'application/json']: {
                    schema: spec.produces === 'application/pdf' ? { type: 'string', format: 'binary' } : (spec.response ?? empty),
                  },
                },
              },
        ...errors([400, ...(auth ? [401] : []), ...(spec.path.includes(':') ? [404] : []), 409, 429, 503]),
      },
    });

    const params = (spec.params ?? empty).strict();
    const query = (spec.query ?? empty).strict();
    const body = (spec.body ?? empty).strict();
    const pattern = `${API_PREFIX}${spec.path}`;
    const handler: RequestHandler = async (req, res, next) => {
      res.locals.routePattern = pattern;
      try {
        // Per-address limits come before the token check, so a flood of bad tokens is counted too.
        const limits = spec.limits ?? [];
        for (const limit of limits) if (limit.by === 'ip') await limit.consume(req, 0);
        const patientId = auth ? await this.patientOf(req) : 0;
        // The request's log line names the patient (src/http/middleware/requestContext.ts).
        res.locals.patientId = patientId;
        for (const limit of limits) if (limit.by === 'patient') await limit.consume(req, patientId);
        const answer = await spec.handle({
          params: params.parse(req.params) as z.infer<P>,
          query: query.parse(req.query) as z.infer<Q>,
          body: body.parse(req.body ?? {}) as z.infer<B>,
          patientId,
          req,
          res,
        });
        if (this.options.checkResponses && spec.response && !(answer instanceof FileAnswer)) {
          const checked = spec.response.safeParse(JSON.parse(JSON.stringify(answer ?? null)));
          if (!checked.success)
            throw new Error(`${spec.method.toUpperCase()} ${spec.path} answered outside its documented schema: ${checked.error.message}`);
        }
        if (answer instanceof FileAnswer) {
          res.setHeader('Content-Type', answer.contentType);
          res.setHeader('Content-Disposition', `attachment; filename="${answer.fileName}"`);
          res.setHeader('Cache-Control', 'private, no-store');
          res.status(status).end(answer.bytes);
        } else if (status === 204) res.status(204).end();
        else res.status(status).json(answer);
      } catch (error) {
        next(error);
      }
    };
    this.router[spec.method](spec.path, handler);
  }

  private async patientOf(req: Request): Promise<number> {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header);
    const patientId = match ? await this.tokens.verify(match[1]!) : null;
    if (!patientId) throw new Unauthenticated();
    return patientId;
  }

  document(info: { title: string; version: string; description: string }) {
    return new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { ...info, license: { name: 'Proprietary — Parth Hospital; for the hospital’s own patient apps' } },
      servers: [{ url: '/' }],
    });
  }
}

function httpReason(code: number): string {
  return (
    {
      400: 'The request is invalid (per-field messages in details)',
      401: 'Not signed in, or the token expired',
      404: 'Not found (or not yours)',
      409: 'Refused by the current state, or lost a race with another request: the message says which',
      429: 'Too many requests: try again later (Retry-After)',
      503: 'The database is briefly unavailable: try again (Retry-After)',
    } as Record<number, string>
  )[code]!;
}
