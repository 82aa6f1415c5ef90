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
}
