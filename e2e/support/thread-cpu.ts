import fs from 'node:fs';

/**
 * CPU time of the browser's renderer main threads, from the kernel (`/proc`, Linux only): how
 * long each ran and how long it was ready to run but waiting for a core. A long-task count is a
 * threshold on the slowest frames and moves with whatever else the machine runs; CPU time per
 * frame is the page's own work, and the wait says how much of a long task was not work at all.
 */
export interface ThreadTimes {
  /** Renderer process id → its main thread's [run, wait] times in ms. */
  readonly byPid: ReadonlyMap<number, readonly [number, number]>;
}

export function rendererMainThreads(): ThreadTimes | null {
  if (process.platform !== 'linux') return null;
  const byPid = new Map<number, readonly [number, number]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      // The main thread's id is the process id. schedstat: ns on CPU, ns waiting, timeslices.
      const [run, wait] = fs
        .readFileSync(`/proc/${entry}/task/${entry}/schedstat`, 'utf8')
        .split(' ')
        .map(Number);
      byPid.set(Number(entry), [run! / 1e6, wait! / 1e6]);
    } catch {
      // The process ended between the listing and the read, or is not ours to read.
    }
  }
  return { byPid };
}

/** The busiest renderer's main thread between two readings: ms on CPU and ms waiting. */
export function busiestRenderer(
  before: ThreadTimes | null,
  after: ThreadTimes | null,
): { cpuMs: number; waitMs: number } | null {
  if (!before || !after) return null;
  let best: { cpuMs: number; waitMs: number } | null = null;
  for (const [pid, [run, wait]] of after.byPid) {
    const start = before.byPid.get(pid);
    if (!start) continue;
    const cpuMs = run - start[0];
    if (!best || cpuMs > best.cpuMs) best = { cpuMs, waitMs: wait - start[1] };
  }
  return best;
}
