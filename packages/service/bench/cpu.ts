import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// CPU time a process has used, from /proc. Requests per CPU-second is what a server costs,
// and unlike requests per wall-second it holds up when other work shares the machine.

let ticksPerSecond: number | undefined;

/** User + system CPU seconds used so far by `pid`, or undefined where /proc is missing. */
export function cpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return parseStat(stat) / ticksPerSecond;
}

/** utime + stime, in clock ticks, from a /proc/<pid>/stat line. */
export function parseStat(stat: string): number {
  // The command name is parenthesised and may hold spaces: count fields after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
