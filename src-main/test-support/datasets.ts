import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared real-data folder: $EVENTLENS_DATASETS, else <repo>/../shared/datasets, else
 * /work/shared/datasets. Fails with a clear message when none exists.
 */
export function datasetsDir(): string {
  const repo = path.resolve(import.meta.dirname, '..', '..');
  const candidates = [
    process.env.EVENTLENS_DATASETS,
    path.join(repo, '..', 'shared', 'datasets'),
    '/work/shared/datasets',
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `the shared datasets folder is missing (looked in ${candidates.join(', ')}); ` +
        'set EVENTLENS_DATASETS or check out the shared folder beside the repository',
    );
  }
  return found;
}
