import fs from 'node:fs';
import path from 'node:path';
import { parsePattern } from '../engine/follow/file-identity';

/**
 * Why a path cannot be followed, or null when it can: a file must exist and be readable; a
 * glob's folder must (its files may come later). The path is on the host's machine, which in
 * browser mode is the server's: the messages say what was looked at.
 */
export function sourcePathProblem(pattern: string): string | null {
  let parsed;
  try {
    parsed = parsePattern(pattern);
  } catch (err) {
    return (err as Error).message;
  }
  const globbed = /[*?[]/u.test(path.basename(pattern));
  const target = globbed ? parsed.dir : pattern;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return globbed
        ? `${pattern}: the folder ${target} does not exist on this machine`
        : `${pattern}: no such file on this machine`;
    }
    if (code === 'EACCES') return `${pattern}: cannot be read (permission denied)`;
    return `${pattern}: cannot be read (${code ?? 'error'})`;
  }
  if (globbed && !stat.isDirectory()) return `${pattern}: ${target} is not a folder`;
  if (!globbed && stat.isDirectory()) {
    return `${pattern}: is a folder; to follow the files in it, give a glob such as ${pattern.replace(/[\\/]+$/u, '')}/*.log`;
  }
  if (!globbed && !stat.isFile()) return `${pattern}: not a regular file`;
  try {
    fs.accessSync(target, globbed ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
  } catch {
    return `${pattern}: cannot be read (permission denied)`;
  }
  return null;
}
