/**
 * What /proc says of the processes a bench run starts. Peak memory of a process tree, polled: the sum over every process seen of its own
 * peak (VmHWM). A tool that runs a helper beside itself (oxlint runs tsgolint) is counted whole.
 * Polling can miss a process that lives less than the interval; /usr/bin/time's figure for the
 * largest single process is taken as well by the caller.
 */
import * as fs from 'node:fs';

const INTERVAL_MS = 20;

export function peakTreeRss(rootPid: number): { stop(): number } {
  const peaks = new Map<number, number>();
  const poll = (): void => {
    for (const pid of descendants(rootPid)) {
      const kb = highWaterMarkKb(pid);
      if (kb !== undefined && kb > (peaks.get(pid) ?? 0)) peaks.set(pid, kb);
    }
  };
  const timer = setInterval(poll, INTERVAL_MS);
  poll();
  return {
    stop(): number {
      clearInterval(timer);
      let total = 0;
      for (const kb of peaks.values()) total += kb;
      return total;
    },
  };
}

/** The processes below `pid` (not `pid` itself: it is /usr/bin/time). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        pending.push(child);
      }
    }
  }
  return found;
}

/** A process's peak resident memory so far (VmHWM); undefined when it is gone. */
export function highWaterMarkKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/mu.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** User and system CPU time of a process so far (Linux /proc). */
export function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /su, '').split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (in clock ticks, 100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
