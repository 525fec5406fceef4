/**
 * Lockout after a burst of failed staff logins, counted per IP and per
 * account in PostgreSQL (shared by every app node, exact under concurrency:
 * each failure is one atomic upsert).
 */
import type { Db } from '../../config/db.js';

export const LOGIN_FAILURE_LIMIT = 20;
export const LOGIN_FAILURE_WINDOW_MINUTES = 15;
export const LOGIN_LOCK_MINUTES = 15;

export const throttleKeys = (ip: string, email: string): string[] => [`ip:${ip}`, `account:${email.trim().toLowerCase()}`];

/** Minutes left on the longest lock among the keys, or 0 when none is locked. */
export async function lockedMinutesLeft(db: Db, keys: string[]): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: new Date() } } });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  return until === 0 ? 0 : Math.ceil((until - Date.now()) / 60_000);
}

/** Counts a failure against each key; returns the keys that became locked by it. */
export async function recordLoginFailure(db: Db, keys: string[]): Promise<string[]> {
  const newlyLocked: string[] = [];
  for (const key of keys) {
    const [row] = await db.$queryRaw<[{ failures: number; locked: boolean }]>`
      INSERT INTO "LoginThrottle" ("key", "failures", "windowStart")
      VALUES (${key}, 1, now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${LOGIN_FAILURE_WINDOW_MINUTES})
                          THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${LOGIN_FAILURE_WINDOW_MINUTES})
                             THEN now() ELSE "LoginThrottle"."windowStart" END
      RETURNING "failures", COALESCE("lockedUntil" > now(), false) AS locked`;
    if (row && row.failures >= LOGIN_FAILURE_LIMIT && !row.locked) {
      await db.loginThrottle.update({
        where: { key },
        data: { lockedUntil: new Date(Date.now() + LOGIN_LOCK_MINUTES * 60_000) },
      });
      newlyLocked.push(key);
    }
  }
  return newlyLocked;
}

/** A successful login clears the account's count (not the IP's: a shared desk PC may still be probing). */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `account:${email.trim().toLowerCase()}` } });
}
