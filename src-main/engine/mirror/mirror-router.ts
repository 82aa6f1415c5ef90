import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { EngineError } from '../errors';
import { cancelled, type QueryRunner, type QueryRunOptions } from '../query/query-runner';
import type { MirrorHost } from './mirror-host';
import { mirrorCandidate } from './mirror-routing';

/**
 * The routing: a QueryRunner that asks the mirror first for the queries it is made for
 * (mirror-routing.ts) and passes everything else, and everything it declines, to the SQLite
 * runner. Every answer says which engine gave it (`engine` [ext]); the answers are the same
 * either way (mirror-differential.test.ts).
 */
export class MirrorRouter implements QueryRunner {
  /** Queries in flight by request id, so a cancel between the two engines is not lost. */
  private readonly inFlight = new Map<string, { cancelled: boolean }>();

  constructor(
    /** The SQLite worker pool behind the mirror. */
    readonly sqlite: QueryRunner,
    readonly mirror: MirrorHost,
  ) {}

  async run(query: Query, options: QueryRunOptions = {}): Promise<QueryResult> {
    const { requestId, signal } = options;
    const flight = { cancelled: false };
    if (requestId) this.inFlight.set(requestId, flight);
    try {
      if (mirrorCandidate(query) && this.mirror.accepting()) {
        const answer = await this.mirror.query(query, requestId, signal).catch((err: unknown) => {
          if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
          // The mirror failed on its side (a full disk, a bug): SQLite answers this one.
          if (process.env.EVENTLENS_DEBUG) console.error('mirror query failed:', err);
          return null;
        });
        // A cancel that reached the mirror before the query started there may not stop it.
        if (flight.cancelled) throw cancelled();
        if (answer) return { ...answer, engine: 'mirror' };
      }
      if (flight.cancelled || signal?.aborted) throw cancelled();
      return { ...(await this.sqlite.run(query, options)), engine: 'sqlite' };
    } finally {
      if (requestId && this.inFlight.get(requestId) === flight) this.inFlight.delete(requestId);
    }
  }

  cancel(requestId: string): boolean {
    const flight = this.inFlight.get(requestId);
    if (!flight) return this.sqlite.cancel(requestId);
    flight.cancelled = true;
    this.mirror.cancel(requestId);
    this.sqlite.cancel(requestId);
    return true;
  }

  /** Imports and exports hold index builds and the mirror's catch-up (appends come first). */
  holdBuilds(): () => void {
    const releaseBuilds = this.sqlite.holdBuilds();
    const releaseMirror = this.mirror.hold();
    return () => {
      releaseBuilds();
      releaseMirror();
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.sqlite.close(), this.mirror.close()]);
  }
}
