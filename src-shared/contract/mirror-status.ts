/**
 * The columnar mirror's state as a host reports it (src-main/engine/mirror/, docs/mirror.md):
 * what a status line or a job can show while it is built, and why SQLite answers everything
 * when it is not there.
 *
 *   starting     opening the file, checking it against the log
 *   building     copying events: some instance is too far behind to answer from the mirror
 *   ready        every instance is caught up (queries fold in the few events since)
 *   unavailable  another process (or this one) holds the mirror: SQLite answers everything
 *   failed       the mirror could not be opened or kept; SQLite answers everything
 *   off          turned off (EVENTLENS_MIRROR=off), or an in-memory database
 *   closed       the host shut it down
 */
export const mirrorStates = [
  'starting',
  'building',
  'ready',
  'unavailable',
  'failed',
  'off',
  'closed',
] as const;
export type MirrorState = (typeof mirrorStates)[number];

export interface MirrorInstanceProgress {
  instanceId: string;
  name: string;
  /** Events copied into the mirror. */
  mirrored: number;
  /** Events in the log. */
  events: number;
}

export interface MirrorStatus {
  state: MirrorState;
  /** Why it is unavailable, failed or off. */
  reason?: string;
  /** The mirror's file (a sidecar of the database: `<db>.mirror.duckdb`). */
  file: string;
  /** Bytes on disk (file and WAL). */
  sizeBytes: number;
  /** Events copied and events in the log, over every instance. */
  mirrored: number;
  events: number;
  instances: MirrorInstanceProgress[];
  /** While building: events copied per second lately, and the time left at that rate. */
  eventsPerSecond?: number;
  etaMs?: number;
  /** The session's warm-up, once it has started (absent before). */
  warmUp?: MirrorWarmUpStatus;
}

/**
 * The warm-up that follows a host's first caught-up round: every column read once in the
 * background, so that the first chart of a field finds its blocks in memory. It takes memory
 * (up to half of DuckDB's memory_limit), which is why it is reported: a user (or a test) who
 * watches the process's memory knows when it has settled.
 *
 *   running  reading, between the queries it gives way to
 *   done     every column read (`failed` pieces aside: an instance dropped meanwhile)
 *   skipped  nothing read: the mirror is too large for memory, or there is nothing (`reason`)
 *   stopped  the host closed first
 *   off      turned off (EVENTLENS_MIRROR_WARMUP=off)
 */
export interface MirrorWarmUpStatus {
  state: 'running' | 'done' | 'skipped' | 'stopped' | 'off';
  /** Pieces (one column of one instance over a range of positions) read, and planned. */
  read: number;
  pieces: number;
  reason?: string;
  /** From its start to its end, waits for queries included (once ended). */
  ms?: number;
}

/**
 * [ext] The mirror's progress on one instance, as `getInstanceStats` reports it (`mirror`; absent
 * when the host keeps no mirror, e.g. a one-shot CLI call). While `state` is `building` and
 * `mirrored < events`, aggregations over payload fields of this instance are answered from the
 * SQLite log: exact, but slower.
 */
export interface InstanceMirrorStatus {
  /** The mirror's state (shared by the database's instances). */
  state: MirrorState;
  reason?: string;
  /** Events of this instance copied, and in the log. */
  mirrored: number;
  events: number;
  /** While building: the rate lately (all instances) and the time left for this instance. */
  eventsPerSecond?: number;
  etaMs?: number;
}

/**
 * One instance's part of a host's status, against `events`, the instance's event count now (the
 * status's own count dates from the mirror's last report). Null when the status does not list
 * the instance yet.
 */
export function instanceMirrorStatus(
  status: MirrorStatus,
  instanceId: string,
  events: number,
): InstanceMirrorStatus | null {
  const mine = status.instances.find((i) => i.instanceId === instanceId);
  if (!mine && (status.state === 'building' || status.state === 'ready')) return null;
  const mirrored = Math.min(mine?.mirrored ?? 0, events);
  const out: InstanceMirrorStatus = { state: status.state, mirrored, events };
  if (status.reason !== undefined) out.reason = status.reason;
  if (status.eventsPerSecond && mirrored < events) {
    out.eventsPerSecond = status.eventsPerSecond;
    out.etaMs = Math.round(((events - mirrored) / status.eventsPerSecond) * 1000);
  }
  return out;
}
