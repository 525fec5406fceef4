// The clinical screens' calls to admin/clinical.ts: JSON in and out, the
// refusal's message and its fields kept so a form can show each under its input;
// and the words and times they show, by the server's own writers (src/time.ts).
import { istText } from '../../../src/time.js';

export interface FieldProblem {
  path: string;
  message: string;
}

export class Refusal extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: FieldProblem[],
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string; details?: unknown } };
  if (!res.ok) {
    const details = Array.isArray(body.error?.details) ? (body.error?.details as FieldProblem[]) : [];
    throw new Refusal(body.error?.message ?? `The server answered ${res.status}`, res.status, details);
  }
  return body as T;
}

export async function getJson<T>(url: string): Promise<T> {
  return answer<T>(await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

export async function postJson<T>(url: string, body: unknown = {}): Promise<T> {
  return answer<T>(
    await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** The time of day in India time, as the hospital writes it: "20:00". */
export const timeText = (at: string) => istText(new Date(at)).slice(-5);
/** The IST day: "08-Dec-2026". */
export const dayText = (at: string) => istText(new Date(at), true);
/** A time today as "20:00"; another day's with its date: "08-Dec-2026 08:00". */
export const whenText = (at: string) => (dayText(at) === dayText(new Date().toISOString()) ? timeText(at) : istText(new Date(at)));
export const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');

export function ageText(dateOfBirth: string | null, gender: string): string {
  const sex = gender.charAt(0);
  if (!dateOfBirth) return sex;
  const born = new Date(dateOfBirth);
  const now = new Date();
  let years = now.getFullYear() - born.getFullYear();
  if (now.getMonth() < born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() < born.getDate())) years -= 1;
  return `${years} y / ${sex}`;
}

/** The page's own address with a query (AdminJS's custom pages keep it). */
export const encounterHref = (id: number) => `/admin/pages/encounter?id=${id}`;
