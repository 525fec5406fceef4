/**
 * Password hashing (src/modules/staff/passwords.ts) runs on threads of its own,
 * one per core at a lower CPU priority, so a burst of sign-ins queues among
 * itself and takes only the CPU the requests around it leave.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  hashPassword,
  PASSWORD_THREAD_NICENESS,
  PASSWORD_WORK_AT_ONCE,
  passwordWork,
  verifyPassword,
} from '../../src/modules/staff/passwords.js';

/** A thread's nice value (field 19 of /proc/…/stat; the main thread's id is the process id). */
const niceOf = (tid: number | string): number => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

/** The nice value of each of this process's threads. */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [niceOf(tid)];
    } catch {
      return []; // a thread that ended meanwhile
    }
  });
}

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

  it('hashes on threads at a lower priority, leaving the main thread at its own', async () => {
    const own = niceOf(process.pid);
    await Promise.all(Array.from({ length: PASSWORD_WORK_AT_ONCE }, () => hashPassword('Ward@2026x')));
    const hashing = Math.min(19, own + PASSWORD_THREAD_NICENESS);
    expect(threadNiceness().filter((n) => n === hashing)).toHaveLength(PASSWORD_WORK_AT_ONCE);
    expect(niceOf(process.pid)).toBe(own);
  });
});
