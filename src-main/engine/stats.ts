import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { InstanceStats } from '../../src-shared/contract/records';
import { toInstance, type InstanceRow } from './instances';
import { mirrorFileFor, mirrorSizeBytes } from './mirror/mirror-files';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function instanceStats(db: Database.Database, row: InstanceRow): InstanceStats {
  const types = db
    .prepare<[number], { eventType: string; count: number }>(
      `SELECT t.name AS eventType, c.n AS count FROM type_counts c JOIN event_types t ON t.tno = c.tno
       WHERE c.ino = ? ORDER BY c.n DESC, t.name`,
    )
    .all(row.ino);
  const instance = toInstance(row);
  return {
    instanceId: row.id,
    name: row.name,
    ...(instance.description !== undefined ? { description: instance.description } : {}),
    eventCount: row.event_count,
    createdAt: instance.createdAt,
    updatedAt: instance.updatedAt,
    streamCount: row.stream_count,
    eventTypes: types,
    firstEventAt: iso(row.min_ts),
    lastEventAt: iso(row.max_ts),
    databaseSizeBytes: databaseSize(db),
    mirrorSizeBytes: mirrorSizeBytes(mirrorFileFor(db.memory ? ':memory:' : db.name)),
  };
}

export function databaseSize(db: Database.Database): number {
  if (db.memory) {
    const pages = db.pragma('page_count', { simple: true }) as number;
    return pages * (db.pragma('page_size', { simple: true }) as number);
  }
  let size = 0;
  for (const suffix of ['', '-wal']) {
    try {
      size += fs.statSync(db.name + suffix).size;
    } catch {
      // no WAL file right now
    }
  }
  return size;
}
