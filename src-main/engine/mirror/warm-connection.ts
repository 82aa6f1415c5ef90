import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { run } from './duck';
import { warmUpSql, type WarmPiece } from './warm-up';

/**
 * The warm-up's own DuckDB connection on a mirror (warm-up.ts): it reads one piece at a time,
 * a query that arrives interrupts the piece in flight (Mirror.query), and close interrupts it
 * and waits for its work before the connection closes.
 */
export class WarmConnection {
  private conn: DuckDBConnection | undefined;
  private inFlight: { conn: DuckDBConnection; interrupted: boolean } | undefined;
  private work: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly duck: DuckDBInstance) {}

  /** Runs warm-up work on the connection (none once closed: undefined); close awaits it. */
  run<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T | undefined> {
    const work = (async () => {
      if (this.closed) return undefined;
      this.conn ??= await this.duck.connect();
      if (this.closed) return undefined;
      return fn(this.conn);
    })();
    this.work = work.catch(() => {});
    return work;
  }

  /**
   * Reads a piece unless `mayStart` says no once the connection is ready; false when it did not
   * start or was interrupted (by a query or close): it is to be read again later.
   */
  async read(piece: WarmPiece, mayStart: () => boolean): Promise<boolean> {
    const read = await this.run(async (conn) => {
      if (!mayStart()) return false;
      const entry = { conn, interrupted: false };
      this.inFlight = entry;
      try {
        await run(conn, warmUpSql(piece));
        return true;
      } catch (err) {
        // Interrupted (by a query or close; the message too, should an interrupt meant for the
        // piece before reach this one): read again later, never counted as failed.
        if (entry.interrupted || this.closed || /interrupt/iu.test((err as Error).message)) {
          return false;
        }
        throw err;
      } finally {
        this.inFlight = undefined;
      }
    });
    return read === true;
  }

  /** Interrupts the piece in flight, if any. */
  interrupt(): void {
    if (!this.inFlight) return;
    this.inFlight.interrupted = true;
    this.inFlight.conn.interrupt();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.interrupt();
    await this.work;
    this.conn?.closeSync();
  }
}
