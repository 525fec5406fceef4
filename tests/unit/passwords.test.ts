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

/** A thread's name and nice value (/proc/…/comm, field 19 of /proc/…/stat; the main thread's id is the process id). */
function threadOf(tid: number | string): { name: string; nice: number } | undefined {
  try {
    const nice = Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    return { name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice };
  } catch {
    return undefined; // a thread that ended meanwhile
  }
}

const threads = () => readdirSync('/proc/self/task').flatMap((tid) => threadOf(tid) ?? []);

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

  it('hashes on threads at a lower priority, leaving the main thread and libuv’s at their own', async () => {
    const own = threadOf(process.pid)!.nice;
    await Promise.all(Array.from({ length: PASSWORD_WORK_AT_ONCE }, () => hashPassword('Ward@2026x')));
    const hashing = Math.min(19, own + PASSWORD_THREAD_NICENESS);
    // At least this module's threads (Jest loads a module afresh per test file; earlier files' threads end when idle).
    expect(threads().filter((t) => t.name === 'WorkerThread' && t.nice === hashing).length).toBeGreaterThanOrEqual(PASSWORD_WORK_AT_ONCE);
    expect(threadOf(process.pid)!.nice).toBe(own);
    // File reads, zlib and crypto run on libuv's threads, which must not have caught the lower priority.
    expect(threads().filter((t) => t.name === 'libuv-worker' && t.nice !== own)).toEqual([]);
  });
});
