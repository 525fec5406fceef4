/**
 * Password hashing (src/modules/staff/passwords.ts) is worked out a few at a
 * time — one fewer than the cores — so a burst of sign-ins queues among
 * itself instead of taking every core from the requests around it.
 */
import { hashPassword, PASSWORD_WORK_AT_ONCE, passwordWork, verifyPassword } from '../../src/modules/staff/passwords.js';

describe('password hashing', () => {
  it('works out at most PASSWORD_WORK_AT_ONCE hashes at a time; the rest wait and all finish', async () => {
    const hash = await hashPassword('Ward@2026x');
    const burst = Array.from({ length: PASSWORD_WORK_AT_ONCE + 4 }, (_, i) => verifyPassword(i % 2 ? 'Ward@2026x' : 'wrong', hash));
    expect(passwordWork()).toEqual({ working: PASSWORD_WORK_AT_ONCE, waiting: 4 });
    expect(await Promise.all(burst)).toEqual(burst.map((_, i) => i % 2 === 1));
    expect(passwordWork()).toEqual({ working: 0, waiting: 0 });
  });

  it('gives the turn on when a check fails', async () => {
    const broken = Array.from({ length: PASSWORD_WORK_AT_ONCE + 2 }, () => verifyPassword('x', undefined as unknown as string));
    const results = await Promise.allSettled(broken);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(passwordWork()).toEqual({ working: 0, waiting: 0 });
    expect(await verifyPassword('Ward@2026x', await hashPassword('Ward@2026x'))).toBe(true);
  });
});
