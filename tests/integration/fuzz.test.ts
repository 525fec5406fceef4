/**
 * Property-based fuzzing of both doors (fast-check), over real HTTP, with and
 * without credentials. The patient API's requests are generated from its own
 * OpenAPI document (every operation, path, query and body, shaped and
 * misshaped); the back-office's from its resources and their actions (filters,
 * sorts, pages, form payloads). Whatever arrives: no answer is a 5xx, and every
 * 4xx is a JSON error body with a code — a 500 would mean our bug.
 */
import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import winston from 'winston';
import { loadDatamodel } from '../../admin/dmmf.js';
import { backOfficeModelNames } from '../../admin/resources.js';
import { accessTokens } from '../../src/modules/patientAuth/tokens.js';
import { createPatient } from '../factories.js';
import { createStaff, sessionCookie, signIn, startBackOffice, type BackOfficeApp } from '../support/backOffice.js';
import { testEnv } from '../support/env.js';
import { useDatabase } from '../support/lifecycle.js';

const API_RUNS = 6_000;
const BACK_OFFICE_RUNS = 4_500;

const db = useDatabase(10);
let office: BackOfficeApp;
let server: Server;
let base: string;
let patientToken: string;
let receptionistCookie: string;
let operations: Array<{ method: string; path: string; params: string[]; query: string[]; body: string[] }> = [];
let resources: Array<{ model: string; actions: Array<{ name: string; type: string }>; fields: string[] }> = [];
const answered = { api: 0, backOffice: 0 };
/** What the app logged as a bug (an unhandled error), shown when an answer is a 5xx. */
const bugs: string[] = [];
const bugLog = winston.createLogger({
  level: 'error',
  transports: [
    new winston.transports.Stream({
      stream: new Writable({ write: (chunk, _e, done) => (bugs.push(String(chunk).slice(0, 1500)), done()) }),
    }),
  ],
});

beforeAll(async () => {
  office = await startBackOffice(db, { logger: bugLog });
  server = office.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const patient = await createPatient(db, { portalEnabled: true });
  patientToken = await accessTokens(testEnv().PATIENT_JWT_SECRET).sign(patient.id);
  const receptionist = await createStaff(db, 'RECEPTIONIST');
  const { res } = await signIn(office.app, receptionist.email);
  receptionistCookie = sessionCookie(res)?.split(';')[0] ?? '';
  expect(receptionistCookie).toMatch(/^parth\.sid=/);
  const document = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { schema: { properties?: object } }> } }
      >
    >;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {}),
    })),
  );
  const datamodel = await loadDatamodel();
  resources = backOfficeModelNames(datamodel).map((model) => {
    const decorated = office.backOffice.admin.findResource(model).decorate();
    const actions = Object.entries(decorated.actions).map(([name, action]) => ({
      name,
      type: String((action as unknown as { action?: { actionType?: unknown } }).action?.actionType ?? 'resource'),
    }));
    return { model, actions, fields: datamodel.models.find((m) => m.name === model)?.fields.map((f) => f.name) ?? [] };
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await office.backOffice.close();
});

/** Values a clumsy client or an attacker sends. */
const nasty = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '2147483648', '9007199254740993', '1e309', 'NaN', 'null', 'true', '[]', '{}'),
  fc.constantFrom('0000-01-01', '9999-12-31', '2026-02-30', '1899-12-31T00:00:00Z', '2026-12-01T10:30:00+05:30'),
  fc.constantFrom('a\u0000b', '\uD800', 'x\uDC00y', '%00', '%E0%A4%A', '../../etc/passwd', "' OR 1=1 --", '<script>', 'ü'.repeat(300)),
  fc.integer().map(String),
  fc.constant('x'.repeat(2500)),
);
const jsonValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
);

/** A path segment as a client would escape it; a lone surrogate goes out as the raw bytes of one (CESU-8). */
function pathPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
}

function assertWellFormed(where: string, status: number, contentType: string | null, text: string): void {
  // 431/414: Node's HTTP parser refusing an oversized request line or headers, before any door of ours.
  if (status === 431 || status === 414) return;
  if (status >= 500) throw new Error(`${where} answered ${status}: ${text.slice(0, 300)}\n${bugs.slice(-2).join('')}`);
  if (status >= 400) {
    if (!contentType?.includes('application/json')) throw new Error(`${where} answered ${status} without a JSON body: ${contentType}`);
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    if (typeof body.error?.code !== 'string') throw new Error(`${where} answered ${status} without an error code: ${text.slice(0, 200)}`);
  }
}

async function send(method: string, url: string, headers: Record<string, string>, body: Buffer | string | undefined): Promise<void> {
  const payload =
    method === 'GET' || method === 'HEAD' || body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
  const text = await res.text();
  assertWellFormed(`${method} ${url.slice(base.length, base.length + 160)}`, res.status, res.headers.get('content-type'), text);
}

const bodyEncodings = fc.constantFrom('json', 'text', 'gzip', 'form', 'broken-json', 'none');

function encode(kind: string, value: unknown): { body: Buffer | string | undefined; headers: Record<string, string> } {
  const json = JSON.stringify(value ?? null);
  switch (kind) {
    case 'json':
      return { body: json, headers: { 'content-type': 'application/json' } };
    case 'text':
      return { body: json, headers: { 'content-type': 'text/plain' } };
    case 'gzip':
      return {
        body: Math.random() < 0.5 ? gzipSync(json) : json,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      };
    case 'form':
      return { body: new URLSearchParams({ a: json }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 'broken-json':
      return { body: json.slice(0, Math.max(1, json.length - 1)) + '\u0000{', headers: { 'content-type': 'application/json' } };
    default:
      return { body: undefined, headers: {} };
  }
}

it(`patient API: ${API_RUNS} generated requests from the OpenAPI document, no 5xx`, async () => {
  expect(operations.length).toBeGreaterThan(20);
  const request = fc.record({
    op: fc.nat({ max: 1000 }),
    params: fc.array(fc.oneof(fc.integer({ min: 1, max: 50 }).map(String), nasty), { minLength: 3, maxLength: 3 }),
    query: fc.dictionary(
      fc.oneof(fc.constantFrom('page', 'limit', 'date', 'when', 'q', 'departmentId'), fc.string({ maxLength: 8 })),
      nasty,
      { maxKeys: 4 },
    ),
    body: fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          'email',
          'password',
          'phone',
          'name',
          'dateOfBirth',
          'doctorId',
          'startsAt',
          'code',
          'verificationId',
          'refreshToken',
          'reason',
          'x',
        ),
        jsonValue,
        { maxKeys: 6 },
      ),
      jsonValue,
    ),
    encoding: bodyEncodings,
    auth: fc.constantFrom('none', 'valid', 'garbage', 'alg-none'),
    // Many clients, so the per-address limits do not turn most answers into 429s.
    client: fc.nat({ max: 62_000 }),
  });
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const op = operations[r.op % operations.length]!;
      let i = 0;
      const path = op.path.replace(/\{(\w+)\}/g, () => pathPart(r.params[i++] ?? '1'));
      const query = new URLSearchParams(Object.entries(r.query).map(([k, v]) => [k, v])).toString();
      const { body, headers } = encode(r.encoding, r.body);
      const auth =
        r.auth === 'valid'
          ? `Bearer ${patientToken}`
          : r.auth === 'garbage'
            ? 'Bearer a.b.c'
            : r.auth === 'alg-none'
              ? 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'
              : undefined;
      await send(
        op.method,
        `${base}${path}${query ? `?${query}` : ''}`,
        { ...headers, ...(auth ? { authorization: auth } : {}), 'x-forwarded-for': `10.9.${r.client % 250}.${(r.client >> 8) % 250}` },
        body,
      );
      answered.api += 1;
    }),
    { numRuns: API_RUNS, seed: 20261201, endOnFailure: true, includeErrorInReport: true },
  );
}, 600_000);

it(`back-office: ${BACK_OFFICE_RUNS} generated requests over every resource and action, signed in and not, no 5xx`, async () => {
  expect(resources.length).toBeGreaterThan(25);
  const request = fc.record({
    resource: fc.nat({ max: 1000 }),
    action: fc.nat({ max: 1000 }),
    id: fc.oneof(fc.integer({ min: 1, max: 30 }).map(String), nasty),
    filters: fc.dictionary(
      fc.oneof(
        fc.nat({ max: 60 }).map((n) => `#${n}`),
        fc.string({ maxLength: 8 }),
      ),
      nasty,
      { maxKeys: 3 },
    ),
    sortBy: fc.option(
      fc.oneof(
        fc.nat({ max: 60 }).map((n) => `#${n}`),
        nasty,
      ),
    ),
    direction: fc.option(fc.constantFrom('asc', 'desc', 'up', '')),
    page: fc.option(fc.oneof(fc.integer({ min: -5, max: 100_000 }).map(String), nasty)),
    payload: fc.dictionary(
      fc.oneof(
        fc.nat({ max: 60 }).map((n) => `#${n}`),
        fc.string({ maxLength: 8 }),
      ),
      nasty,
      { maxKeys: 5 },
    ),
    encoding: bodyEncodings,
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT'),
    signedIn: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const resource = resources[r.resource % resources.length]!;
      const action = resource.actions[r.action % resource.actions.length]!;
      const field = (key: string) => (key.startsWith('#') ? (resource.fields[Number(key.slice(1)) % resource.fields.length] ?? key) : key);
      const id = pathPart(r.id);
      const path =
        action.type === 'record'
          ? `/admin/api/resources/${resource.model}/records/${id}/${action.name}`
          : action.type === 'bulk'
            ? `/admin/api/resources/${resource.model}/bulk/${action.name}`
            : `/admin/api/resources/${resource.model}/actions/${action.name}`;
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(r.filters)) query.append(`filters.${field(key)}`, value);
      if (r.sortBy !== null) query.append('sortBy', field(r.sortBy));
      if (r.direction !== null) query.append('direction', r.direction);
      if (r.page !== null) query.append('page', r.page);
      if (action.type === 'bulk') query.append('recordIds', `${r.id},2`);
      const payload = Object.fromEntries(Object.entries(r.payload).map(([k, v]) => [field(k), v]));
      const { body, headers } =
        r.encoding === 'form'
          ? { body: new URLSearchParams(payload).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
          : encode(r.encoding, payload);
      await send(
        r.method,
        `${base}${path}?${query.toString()}`,
        { ...headers, 'sec-fetch-site': 'same-origin', ...(r.signedIn ? { cookie: receptionistCookie } : {}) },
        body,
      );
      answered.backOffice += 1;
    }),
    { numRuns: BACK_OFFICE_RUNS, seed: 20261202, endOnFailure: true },
  );
  // The closing note quotes these.
  console.log(`fuzz: ${answered.api} patient-API and ${answered.backOffice} back-office requests, 0 answers ≥ 500`);
}, 600_000);
