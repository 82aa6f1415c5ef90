import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { raw, sql } from '../db/sql';
import { InstanceStore, type InstanceRow } from '../instances';
import { isLockConflict, num, rows } from './duck';
import { mirrorSizeBytes } from './mirror-files';
import { eventAnchor } from './flat-slice';
import {
  formatVersion,
  loadInstances,
  mirrorTable,
  saltCheck,
  type MirroredInstance,
} from './mirror-schema';
import { SourceReader } from './source-reader';

/** Whether a mirrored instance is the log's instance of that number (not a deleted one's). */
export function sameInstance(m: MirroredInstance, row: InstanceRow): boolean {
  return row.id === m.instanceId && saltCheck(row.salt) === m.saltCheck;
}

/**
 * Why an instance's mirror cannot be trusted, or null: it must hold exactly the positions
 * 1..mirrored_to, no more than the log has, its first, middle and last events must have the
 * log's place, names and time, and the log's event at mirrored_to must hash to the anchor the
 * mirror kept (a database restored from a backup, or swapped for another, fails this).
 */
export async function mirrorProblem(
  conn: DuckDBConnection,
  reader: SourceReader,
  m: MirroredInstance,
): Promise<string | null> {
  const [row] = await rows(
    conn,
    `SELECT count(*), coalesce(max(pos), 0) FROM ${mirrorTable(m.ino)}`,
  );
  if (!row || num(row[0]) !== m.mirroredTo || num(row[1]) !== m.mirroredTo) {
    return `holds ${num(row?.[0] ?? 0)} events up to position ${num(row?.[1] ?? 0)}, not 1..${m.mirroredTo}`;
  }
  const last = reader.lastPos(m.ino);
  if (m.mirroredTo > last) return `is ahead of the log (${m.mirroredTo} > ${last})`;
  const probes = [...new Set([1, Math.ceil(m.mirroredTo / 2), m.mirroredTo])].filter(
    (p) => p >= 1 && p <= m.mirroredTo,
  );
  for (const pos of probes) {
    const [mine] = await rows(
      conn,
      sql`SELECT ts, seq, stream, type FROM ${raw(mirrorTable(m.ino))} WHERE pos = ${BigInt(pos)}`,
    );
    const theirs = reader.rowAt(m.ino, pos);
    if (
      !mine ||
      !theirs ||
      num(mine[0]) !== theirs[3] ||
      num(mine[1]) !== theirs[4] ||
      mine[2] !== theirs[1] ||
      mine[3] !== theirs[2] ||
      (pos === m.mirroredTo && eventAnchor(theirs) !== m.anchor)
    ) {
      return `its event at position ${pos} is not the log's`;
    }
  }
  return null;
}

export interface MirrorCheck {
  file: string;
  exists: boolean;
  sizeBytes: number;
  /** Another process has it open (read-write): it cannot be read now. */
  heldElsewhere: boolean;
  instances: {
    instanceId: string;
    name: string;
    events: number;
    mirrored: number;
    /** Why the next host will rebuild this instance's mirror; absent when it is sound. */
    problem?: string;
  }[];
  /** Problems of the file as a whole (the next host starts it over). */
  problems: string[];
}

/**
 * Looks at a database's mirror without changing it (opened read-only): per instance, how far
 * it is and whether it can be trusted. For `eventlens mirror status` and `eventlens check`.
 * A mirror is derived data: every problem found is repaired by the next host that opens it
 * (it rebuilds what it cannot trust), so problems are reports, not failures of the database.
 */
export async function checkMirror(db: Database.Database, mirrorFile: string): Promise<MirrorCheck> {
  const out: MirrorCheck = {
    file: mirrorFile,
    exists: mirrorFile !== ':memory:' && fs.existsSync(mirrorFile),
    sizeBytes: mirrorSizeBytes(mirrorFile),
    heldElsewhere: false,
    instances: [],
    problems: [],
  };
  const live = new InstanceStore(db).list();
  if (!out.exists) {
    out.instances = live.map((r) => ({
      instanceId: r.id,
      name: r.name,
      events: r.event_count,
      mirrored: 0,
    }));
    return out;
  }
  let duck: DuckDBInstance;
  try {
    duck = await DuckDBInstance.create(mirrorFile, { access_mode: 'READ_ONLY' });
  } catch (err) {
    const message = (err as Error).message;
    if (isLockConflict(message)) out.heldElsewhere = true;
    else out.problems.push(`DuckDB cannot open it: ${message}`);
    return out;
  }
  const conn = await duck.connect();
  try {
    await readInstances(conn, db, live, out);
  } catch (err) {
    out.problems.push(`cannot read it: ${(err as Error).message}`);
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
  return out;
}

async function readInstances(
  conn: DuckDBConnection,
  db: Database.Database,
  live: InstanceRow[],
  out: MirrorCheck,
): Promise<void> {
  const [format] = await rows(conn, "SELECT value FROM mirror_meta WHERE key = 'format'").catch(
    () => [],
  );
  if (format?.[0] !== formatVersion) {
    out.problems.push(`format ${JSON.stringify(format?.[0] ?? null)}, not ${formatVersion}`);
    return;
  }
  const mirrored = new Map((await loadInstances(conn)).map((m) => [m.ino, m]));
  const reader = new SourceReader(db);
  for (const row of live) {
    const m = mirrored.get(row.ino);
    const problem = !m
      ? undefined
      : !sameInstance(m, row)
        ? 'mirrors a deleted instance of the same number'
        : ((await mirrorProblem(conn, reader, m)) ?? undefined);
    out.instances.push({
      instanceId: row.id,
      name: row.name,
      events: row.event_count,
      mirrored: m && !problem ? Math.min(m.mirroredTo, row.event_count) : 0,
      ...(problem ? { problem } : {}),
    });
  }
}
