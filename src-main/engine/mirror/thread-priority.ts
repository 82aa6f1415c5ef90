import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers the calling thread's scheduling priority to `nice` (0-19; higher yields more), and
 * with it that of every thread it starts from now on (they inherit it: DuckDB's workers, the
 * mirror's reader). Linux only, where a nice value belongs to a thread and `setpriority` takes
 * a thread id; elsewhere (and where /proc is missing) it does nothing and says so. A thread
 * may always lower its own priority; raising it again needs privileges, so this is one-way.
 *
 * Why: the desktop session's threads share one scheduling group (autogroup), so on a busy
 * machine every cycle the mirror's catch-up takes comes out of the append path's and the
 * windows' share. At a lower priority it takes the cycles they leave.
 */
export function lowerThreadPriority(nice: number): boolean {
  if (process.platform !== 'linux' || nice <= 0) return false;
  try {
    const tid = Number(path0(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (os.getPriority(tid) >= nice) return true;
    os.setPriority(tid, Math.min(19, nice));
    return true;
  } catch {
    return false; // no /proc, or not permitted: the thread runs at the process's priority
  }
}

/** "1234/task/1240" -> "1240". */
const path0 = (link: string) => link.slice(link.lastIndexOf('/') + 1);
