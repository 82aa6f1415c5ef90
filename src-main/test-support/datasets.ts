import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The shared real datasets: $EVENTLENS_DATASETS, else <repo>/../shared/datasets (CI checks the
 * repo out beside `shared`), else /work/shared/datasets (a helper's worktree).
 */
export function datasetsDir(): string {
  const candidates = [
    process.env.EVENTLENS_DATASETS,
    path.join(repoRoot, '..', 'shared', 'datasets'),
    '/work/shared/datasets',
  ].filter((c): c is string => typeof c === 'string' && c.length > 0);
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'gharchive')));
  if (!found) {
    throw new Error(
      `the shared datasets are missing: looked in ${candidates.join(', ')}. ` +
        'Set EVENTLENS_DATASETS to the folder that holds gharchive/, loghub/, ...',
    );
  }
  return found;
}

export function dataset(...parts: string[]): string {
  return path.join(datasetsDir(), ...parts);
}
