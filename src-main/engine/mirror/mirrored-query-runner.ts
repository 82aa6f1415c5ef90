import type { Engine } from '../engine';
import { createQueryRunner } from '../query/create-query-runner';
import type { QueryRunner } from '../query/query-runner';
import type { WorkerQueryRunnerOptions } from '../query/worker-query-runner';
import { mirrorEnabled, type MirrorConfig } from './mirror-config';
import { mirrorFileFor } from './mirror-files';
import { MirrorHost } from './mirror-host';
import { MirrorRouter } from './mirror-router';

export interface MirroredQueryRunnerOptions extends Partial<
  Omit<WorkerQueryRunnerOptions, 'file'>
> {
  /** The built mirror worker, out/main/mirror-worker.js (none: no mirror). */
  mirrorWorkerScript?: string;
  /** The mirror's settings, or false for no mirror. */
  mirror?: Partial<MirrorConfig> | false;
}

/**
 * The query runner of a host that serves windows (the desktop app, `eventlens serve`; openHost
 * calls it): the worker pool on SQLite, and in front of it the columnar mirror of the same
 * database, kept on a worker thread of its own. `mirror.follow(feed)` then tells the mirror
 * about every change once the host has its ChangeFeed.
 *
 * Without a mirror (EVENTLENS_MIRROR=off, `mirror: false`, an in-memory database, no worker
 * scripts) this is
 * createQueryRunner. With one, on-demand indexes are not built for the shapes the mirror
 * answers, and those an instance already has are dropped once its mirror is caught up (by the
 * mirror's worker, off this thread; their pages are reused as the database grows).
 */
export function createMirroredQueryRunner(
  engine: Engine,
  options: MirroredQueryRunnerOptions,
): { queryRunner: QueryRunner; mirror: MirrorHost | null } {
  const { mirrorWorkerScript, mirror: config, ...poolOptions } = options;
  if (
    engine.db.memory ||
    !poolOptions.workerScript ||
    !mirrorWorkerScript ||
    config === false ||
    !mirrorEnabled()
  ) {
    return { queryRunner: createQueryRunner(engine, poolOptions), mirror: null };
  }
  const autoIndex = engine.autoIndex && { ...engine.autoIndex, mirrored: true };
  const inner = createQueryRunner(engine, { ...poolOptions, autoIndex });
  const mirror = new MirrorHost({
    workerScript: mirrorWorkerScript,
    dbFile: engine.file,
    mirrorFile: mirrorFileFor(engine.file),
    ...(poolOptions.nativeBinding ? { nativeBinding: poolOptions.nativeBinding } : {}),
    ...(config ? { config } : {}),
    retireIndexes: engine.autoIndex !== false,
  });
  return { queryRunner: new MirrorRouter(inner, mirror), mirror };
}
