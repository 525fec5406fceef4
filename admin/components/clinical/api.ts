// The clinical screens' calls to admin/clinical.ts: JSON in and out, the
// refusal's message and its fields kept so a form can show each under its input.

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

const time = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hour12: true });
const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', day: '2-digit', month: 'short', year: 'numeric' });
export const timeText = (at: string) => time.format(new Date(at));
/** A time today as "08:00 am"; another day's with its date: "08-Dec-2026 08:00 am". */
export const whenText = (at: string) =>
  dayText(at) === dayText(new Date().toISOString()) ? timeText(at) : `${dayText(at)} ${timeText(at)}`;
export const dayText = (at: string) => day.format(new Date(at)).replace(/ /g, '-');
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
