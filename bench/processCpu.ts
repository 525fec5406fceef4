/**
 * CPU seconds (user + system) a process on this machine has used so far, read
 * from /proc/<pid>/stat in clock ticks of 10 ms; undefined once it is gone (or
 * off Linux). The benchmarks compare it before and after a run: unlike req/s
 * or rows/s it barely moves when something else shares the machine.
 */
import { readFileSync } from 'node:fs';

export function processCpuSeconds(pid: number): number | undefined {
  try {
    // After the command name in parentheses: field 14 (utime) and 15 (stime) of proc(5), here 11 and 12.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
