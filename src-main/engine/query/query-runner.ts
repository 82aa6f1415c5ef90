import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import type { Engine } from '../engine';
import { EngineError } from '../errors';

export interface QueryRunOptions {
  /** Lets the caller cancel this query with QueryRunner.cancel(requestId). */
  requestId?: string;
  signal?: AbortSignal;
}

/**
 * Runs queryEvents. The service holds one: inline on the engine's own connection (CLI,
 * `:memory:` databases, tests), or a pool of worker threads with read-only connections
 * (WorkerQueryRunner) so heavy queries never block the thread that serves the windows.
 */
export interface QueryRunner {
  run(query: Query, options?: QueryRunOptions): Promise<QueryResult>;
  /** Cancels a queued or running query: it fails with code CANCELLED. False when unknown. */
  cancel(requestId: string): boolean;
  /**
   * Keeps background work (index builds) from starting until the returned function is called:
   * the hosts hold it while an import or export runs, work someone is waiting for.
   */
  holdBuilds(): () => void;
  close(): Promise<void>;
}

export const cancelled = () => new EngineError('CANCELLED', 'the query was cancelled');

/** Runs on the engine's connection, on the calling thread. Only queued work can be cancelled. */
export class InlineQueryRunner implements QueryRunner {
  constructor(private readonly engine: Engine) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- async turns throws into rejections
  async run(query: Query, options: QueryRunOptions = {}): Promise<QueryResult> {
    if (options.signal?.aborted) throw cancelled();
    return this.engine.query(query);
  }

  cancel(): boolean {
    return false; // a synchronous query is over before anyone could cancel it
  }

  holdBuilds(): () => void {
    return () => {}; // indexes on demand are built inline, right after their query
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
