/**
 * A process told apart from a later one that reuses its pid: the pid plus its start time (field 22 of
 * /proc/<pid>/stat, clock ticks since boot). Where /proc is missing the start time is unknown and such
 * a process is never taken for ours.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  readonly pid: number;
  /** undefined where /proc is not available. */
  readonly startTime?: string;
}

/** The start time of a running process; undefined when it is gone or a zombie (or /proc is missing). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (Z) or dead (X) entry has exited and only waits to be reaped: it no longer runs. A dead
    // runtime's shims are reparented to a PID 1 that may reap them late (or never, in some containers).
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

export function currentProcess(): ProcessIdentity {
  const startTime = processStartTime(process.pid);
  return startTime === undefined ? { pid: process.pid } : { pid: process.pid, startTime };
}

/** Whether the recorded process still runs: same pid and, where known, the same start time. */
export function isStillRunning(recorded: ProcessIdentity): boolean {
  if (recorded.startTime !== undefined) return processStartTime(recorded.pid) === recorded.startTime;
  try {
    process.kill(recorded.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
