import type { OpenOptions } from '../db/connection';

/**
 * The messages between a host and its follow worker: one worker thread follows every live
 * source of the host's database file, on a connection of its own (SQLite serialises it with
 * the host's writers). The host decides what runs (start, stop); the worker reports how each
 * source is doing and tells of every commit, which the host turns into change events.
 */
export interface FollowWorkerData {
  db: string;
  dbOptions?: OpenOptions;
  /** Follower options (tests shorten them). */
  pollMs?: number;
  retireIdleMs?: number;
  /** How often the worker reports its sources' stats (default 1 s). */
  statsMs?: number;
}

/** Host to worker. */
export type FollowHostMessage =
  | { type: 'start'; sourceId: number }
  /** Stops following after the batch being written; answered with `stopped`. */
  | { type: 'stop'; sourceId: number }
  /** Stops everything and closes the connection; answered with `closed`. */
  | { type: 'close' };

/** How one source is doing in the worker. */
export interface FollowWorkerStats {
  sourceId: number;
  state: 'following' | 'failed';
  events: number;
  rate: number;
  files: number;
  bad: number;
  lastError: string | null;
  lastBadLine: string | null;
}

/** Worker to host. */
export type FollowWorkerMessage =
  | { type: 'stats'; stats: FollowWorkerStats[] }
  | { type: 'commit'; sourceId: number; instanceId: string; count: number }
  | { type: 'stopped'; sourceId: number }
  | { type: 'closed' };
