/**
 * CPU seconds (user + system) a process on this machine has used so far, read
 * from /proc/<pid>/stat in clock ticks of 10 ms; undefined once it is gone (or
 * off Linux). The benchmarks compare it before and after a run: unlike req/s
 * or rows/s it barely moves when something else shares the machine.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function processCpuSeconds(pid: number): number | undefined {
  try {
    // After the command name in parentheses: field 14 (utime) and 15 (stime) of proc(5), here 11 and 12.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The CPU seconds each process named `command` (as /proc/<pid>/comm shows it) has used so far, by pid. */
export function commandCpuSeconds(command: string): Map<number, number> {
  const found = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found; // not Linux
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== command) continue;
    } catch {
      continue; // gone meanwhile
    }
    const seconds = processCpuSeconds(Number(pid));
    if (seconds !== undefined) found.set(Number(pid), seconds);
  }
  return found;
}

/** CPU seconds the processes named `command` used since `before` (a process new since then counts from zero; one gone is lost). */
export function commandCpuSince(command: string, before: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of commandCpuSeconds(command)) used += seconds - (before.get(pid) ?? 0);
  return Math.round(used * 10) / 10;
}

/** CPU seconds a process and all its descendants (e.g. web processes under their supervisor) have used so far. */
export function treeCpuSeconds(pid: number): number {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or not Linux
  }
  return (processCpuSeconds(pid) ?? 0) + children.reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}
