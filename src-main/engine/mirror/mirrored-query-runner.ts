import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { Engine } from '../engine';
import { createQueryRunner } from '../query/create-query-runner';
import { dropQueryIndexes } from '../query/hot-paths';
import type { QueryRunner } from '../query/query-runner';
import type { WorkerQueryRunnerOptions } from '../query/worker-query-runner';
import { mirrorEnabled, type MirrorConfig } from './mirror-config';
import { mirrorFileFor } from './mirror-files';
import { MirrorHost } from './mirror-host';
import { MirrorRouter } from './mirror-router';

export interface MirroredQueryRunnerOptions extends Partial<
  Omit<WorkerQueryRunnerOptions, 'file'>
> {
  /** The built mirror worker, out/main/mirror-worker.js. */
  mirrorWorkerScript: string;
  mirror?: Partial<MirrorConfig>;
}

/**
 * The query runner of a host that serves windows (the desktop app, `eventlens serve`): the
 * worker pool on SQLite, and in front of it the columnar mirror of the same database, kept
 * on a worker thread of its own. One call wires it all; `mirror.follow(feed)` then tells the
 * mirror about every change once the host has its ChangeFeed.
 *
 * Without a mirror (EVENTLENS_MIRROR=off, an in-memory database, no worker scripts) this is
 * createQueryRunner. With one, on-demand indexes are not built for the shapes the mirror
 * answers, and those an instance already has are dropped once its mirror is caught up (their
 * pages are reused as the database grows).
 */
export function createMirroredQueryRunner(
  engine: Engine,
  options: MirroredQueryRunnerOptions,
): { queryRunner: QueryRunner; mirror: MirrorHost | null } {
  const { mirrorWorkerScript, mirror: config, ...poolOptions } = options;
  if (engine.db.memory || !poolOptions.workerScript || !mirrorEnabled()) {
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
  });
  const retired = new Set<string>();
  mirror.onStatus((status) => retireIndexes(engine, status, retired));
  return { queryRunner: new MirrorRouter(inner, mirror), mirror };
}

/** Drops the on-demand indexes of instances the mirror now answers for (once each). */
function retireIndexes(engine: Engine, status: MirrorStatus, retired: Set<string>): void {
  if (status.state !== 'ready' || !engine.autoIndex || !engine.db.open) return;
  for (const i of status.instances) {
    if (retired.has(i.instanceId) || i.mirrored < i.events) continue;
    retired.add(i.instanceId);
    const row = engine.instances.find(i.instanceId);
    try {
      if (row) dropQueryIndexes(engine.db, row.ino);
    } catch {
      // busy: they stay until the next start; queries the mirror answers do not use them
    }
  }
}
