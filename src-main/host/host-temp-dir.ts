import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `eventlens-host-<pid>-<random>`: the pid says whose it is, so a dead host's folder is found. */
const pattern = /^eventlens-host-(\d+)-/u;

/**
 * A folder of this process's own in the temp folder, for what its host keeps on disk for a while:
 * uploaded copies of logs, finished exports, bad-lines reports. Removed when the host closes, and,
 * when the process died without closing (kill -9, a crash, power loss), by the next host to start.
 */
export function makeHostTempDir(parent = os.tmpdir()): string {
  return fs.mkdtempSync(path.join(parent, `eventlens-host-${process.pid}-`));
}

/** Removes the host folders in `parent` whose process is gone; returns their paths. */
export function removeStaleHostTempDirs(parent = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const dir = path.join(parent, name);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another user's folder, or a file still open on Windows: the next start tries again.
    }
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
