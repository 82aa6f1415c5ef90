import type { ErrorCode } from '../../../src-shared/contract/error-codes';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { classifySqliteError, EngineError } from '../errors';
import type { AutoIndexPolicy } from './index-advisor';

/** Messages between WorkerQueryRunner and query-worker.ts. */
export interface WorkerSetup {
  file: string;
  nativeBinding?: string;
  busyTimeoutMs?: number;
  /** Indexes on demand (index-advisor.ts), built by the worker on a connection of its own. */
  autoIndex?: AutoIndexPolicy | false;
  /** The database cannot be written (engine.readOnly): the text index is not caught up. */
  readOnly?: boolean;
}

export interface WorkerRequest {
  id: number;
  query: Query;
}

/**
 * Build the index `query` wants (it took `tookMs`), when the pool has been quiet for a while:
 * the worker says `indexed` if it made one and `free` when it is done either way.
 */
export interface IndexRequest {
  kind: 'index';
  query: Query;
  tookMs: number;
}

/**
 * Index the events the instance's text index has not reached yet (search/text-catch-up.ts), at
 * most `maxEvents` of them, when the pool has been quiet; the worker says `free` when done.
 */
export interface TextIndexRequest {
  kind: 'text';
  instance: string;
  maxEvents: number;
}

export type WorkerResponse =
  | {
      id: number;
      ok: true;
      result: QueryResult;
      /** The instance's text index is behind its events: the pool has it caught up when quiet. */
      textBehind?: true;
      /**
       * The query was slow and an index would answer it (index-advisor.ts wantedIndex): the
       * pool asks a worker to build it once no query has run for a while.
       */
      wantsIndex?: true;
    }
  | { id: number; ok: false; code: ErrorCode; message: string; details?: Record<string, unknown> };

/**
 * Told without being asked: an index made on demand (index-advisor.ts) is ready; the worker is
 * free again after an IndexRequest.
 */
/**
 * `ready`: the worker has loaded its code and opened its connection (posted once, before any
 * answer). `free`: an index build ended.
 */
export type WorkerNotice = IndexedNotice | TextIndexedNotice | { kind: 'free' } | { kind: 'ready' };

/** The text index of an instance took in more events; `remaining` are still after it. */
export interface TextIndexedNotice {
  kind: 'textIndexed';
  instance: string;
  indexed: number;
  remaining: number;
}

export interface IndexedNotice {
  kind: 'indexed';
  name: string;
  instance: string;
}

/** An error as data that survives postMessage, with its envelope code. */
export function describeFailure(err: unknown): {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
} {
  if (err instanceof EngineError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
    };
  }
  const sqlite = classifySqliteError(err);
  if (sqlite) return sqlite;
  return { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}` };
}
