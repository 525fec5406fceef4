/**
 * What the patients' frontend does with the API, typed from the OpenAPI
 * document by openapi-typescript (npm run api:contract writes ./api.d.ts, which
 * is generated, not kept in git). If a route, a field or a type the frontend
 * relies on changes, this file stops compiling and CI fails.
 */
import type { paths } from './api.js';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

type SignIn = NonNullable<paths['/api/v1/auth/login']['post']['requestBody']>['content']['application/json'];
type Session = Json<'/api/v1/auth/login', 'post', 200>;
type Visits = Json<'/api/v1/me/visits', 'get', 200>;
type Allergies = Json<'/api/v1/me/allergies', 'get', 200>;
type Summaries = Json<'/api/v1/me/discharge-summaries', 'get', 200>;
type Refusal = Json<'/api/v1/me/visits', 'get', 401>;

async function call<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });
  if (!res.ok) {
    const refusal = (await res.json()) as Refusal;
    throw new Error(`${refusal.error.code}: ${refusal.error.message}`);
  }
  return (await res.json()) as T;
}

/** Signs in and shows the patient's visits with their diagnoses, allergies and signed discharge summaries. */
export async function myRecord(base: string, login: SignIn): Promise<string[]> {
  const session = await call<Session>(base, '/api/v1/auth/login', { method: 'POST', body: JSON.stringify(login) });
  const auth = { Authorization: `Bearer ${session.accessToken}` };
  const [visits, allergies, summaries] = await Promise.all([
    call<Visits>(base, '/api/v1/me/visits?page=1&limit=20', { headers: auth }),
    call<Allergies>(base, '/api/v1/me/allergies', { headers: auth }),
    call<Summaries>(base, '/api/v1/me/discharge-summaries', { headers: auth }),
  ]);
  const lines = visits.items.map(
    (v) => `${v.date.slice(0, 10)} ${v.doctor.name}: ${v.diagnoses.join(', ')}${v.followUpDate ? ` (follow-up ${v.followUpDate})` : ''}`,
  );
  lines.push(...allergies.items.map((a) => `Allergic to ${a.substance} (${a.severity.toLowerCase()})`));
  lines.push(...summaries.items.map((s) => `Discharge ${s.admissionNo} signed by ${s.doctor} on ${s.signedAt.slice(0, 10)}`));
  return lines;
}
