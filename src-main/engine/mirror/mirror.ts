import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type Database from 'better-sqlite3';
import { queryLimits } from '../../../src-shared/contract/limits';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { sql, raw, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { InstanceStore, type InstanceRow } from '../instances';
import { queryContext } from '../query/context';
import { encodeCursor } from '../query/cursor';
import { fetchEvents } from '../query/select';
import { catchUp, type CatchUpOptions } from './catch-up';
import { isLockConflict, num, rows, run } from './duck';
import { mirrorAggregation } from './mirror-aggregate';
import { mirrorConfig, type MirrorConfig } from './mirror-config';
import { Uncovered } from './mirror-fields';
import { mirrorSizeBytes, removeMirrorFiles } from './mirror-files';
import { mirrorPage } from './mirror-page';
import { mirrorCandidate } from './mirror-routing';
import {
  createInstance,
  dropInstance,
  ensureSchema,
  loadInstances,
  mirrorTable,
  type MirroredInstance,
} from './mirror-schema';
import { mirrorProblem, sameInstance } from './mirror-check';
import { compileMirrorWhere } from './mirror-where';
import { InlineSlices, ThreadSlices, type SliceSource } from './slice-source';
import { textIndexFindsFew } from './text-index-first';
import { SourceChanged, SourceReader } from './source-reader';
import { WarmConnection } from './warm-connection';
import { planWarmUp, type WarmPiece, type WarmUpPlan, type WarmUpTarget } from './warm-up';

export interface MirrorOpenOptions {
  /** A connection to the SQLite log (read-only is enough): the mirror's source. */
  db: Database.Database;
  /** The DuckDB file (mirror-files.ts mirrorFileFor), or ':memory:'. */
  file: string;
  config?: Partial<MirrorConfig>;
  /**
   * The built reader thread (out/main/mirror-reader.js, slice-source.ts readerScriptIn): a
   * build reads and flattens there, beside the appends. Without it (code run from source, an
   * in-memory database) everything runs on the mirror's thread.
   */
  readerScript?: string;
  /** better-sqlite3's addon for the reader thread (the Electron build in the desktop app). */
  nativeBinding?: string;
}

/** Another process holds the mirror: this one answers from SQLite. */
export class MirrorUnavailable extends Error {}

/** How far the mirror is, per instance and in all (events copied of events in the log). */
export type MirrorProgress = Pick<MirrorStatus, 'mirrored' | 'events' | 'instances'>;

/**
 * The columnar mirror of one database: a DuckDB file holding every instance's events with
 * payload and metadata paths as typed columns (path-tree.ts), following the SQLite log by
 * position (catch-up.ts), and answering the aggregations and scans that `mirrorCandidate`
 * picks, exactly as the SQLite engine would for everything committed before the query began.
 *
 * One thread of one process may open a mirror file: DuckDB locks it against other processes,
 * and within a process two instances of it on one file would corrupt it (the hosts run it on
 * a worker thread of its own: mirror-host.ts). It is never trusted: on open, every instance is
 * checked against the log (reconcile), and a file DuckDB cannot open is rebuilt.
 */
export class Mirror implements WarmUpTarget {
  private readonly mirrored = new Map<number, MirroredInstance>();
  private readonly instances: InstanceStore;
  private readonly reader: SourceReader;
  /** Slices read on this thread: small catch-ups (a tail, a query's fold-in). */
  private readonly inline: InlineSlices;
  /** Slices read on the reader thread, for builds (none: inline). */
  private readonly threaded: SliceSource | null;
  private readonly idle: DuckDBConnection[] = [];
  /** Connections running a query, with its request id; close interrupts and awaits them. */
  private readonly busy = new Map<
    DuckDBConnection,
    { requestId: string | undefined; cancelled: boolean; work: Promise<unknown> }
  >();
  /** Request ids cancelled before their query reached DuckDB (a few, the latest). */
  private readonly cancelledEarly = new Set<string>();
  /** Catch-ups write one batch at a time, whoever asks (the background or a query's fold). */
  private writing: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Queries being answered, from their start (a fold-in included) to their answer. */
  private answeringNow = 0;
  /** The warm-up's own connection (warm-up.ts): a piece at a time, interrupted by queries. */
  private readonly warm: WarmConnection;

  private constructor(
    private readonly duck: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    readonly db: Database.Database,
    readonly file: string,
    readonly config: MirrorConfig,
    options: MirrorOpenOptions,
  ) {
    this.instances = new InstanceStore(db);
    this.warm = new WarmConnection(duck);
    this.reader = new SourceReader(db);
    this.inline = new InlineSlices(this.reader);
    this.threaded =
      options.readerScript && !db.memory
        ? new ThreadSlices(options.readerScript, {
            dbFile: db.name,
            ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
          })
        : null;
  }

  /**
   * Opens (creating or rebuilding) the mirror and reconciles it with the log. Throws
   * MirrorUnavailable when another process has it open.
   */
  static async open(options: MirrorOpenOptions): Promise<Mirror> {
    try {
      return await Mirror.openOnce(options);
    } catch (err) {
      // Derived data gone bad (DuckDB refuses the file, or it holds tables of another shape):
      // deleted and started over. Another process's lock is the one failure that is not.
      if (err instanceof MirrorUnavailable || options.file === ':memory:') throw err;
      removeMirrorFiles(options.file);
      return Mirror.openOnce(options);
    }
  }

  private static async openOnce(options: MirrorOpenOptions): Promise<Mirror> {
    const config = mirrorConfig(options.config);
    const duck = await openDuck(options.file, config);
    const writer = await duck.connect();
    const mirror = new Mirror(duck, writer, options.db, options.file, config, options);
    try {
      await ensureSchema(writer);
      for (const m of await loadInstances(writer)) mirror.mirrored.set(m.ino, m);
      await mirror.reconcile();
    } catch (err) {
      await mirror.close();
      throw err;
    }
    return mirror;
  }

  /**
   * Brings the set of mirrored instances in line with the log: drops the mirrors of deleted
   * or replaced instances, checks the others (row count, and that the first, middle and last
   * mirrored events are the log's — a restored or swapped database file fails this) and
   * starts over any that fail, and creates empty mirrors for new instances.
   */
  async reconcile(): Promise<void> {
    await this.exclusive(async () => {
      const live = new Map(this.instances.list().map((r) => [r.ino, r]));
      for (const [ino, m] of this.mirrored) {
        const row = live.get(ino);
        if (!row || !sameInstance(m, row)) {
          await dropInstance(this.writer, ino);
          this.mirrored.delete(ino);
        } else if ((await mirrorProblem(this.writer, this.reader, m)) !== null) {
          this.mirrored.set(ino, await createInstance(this.writer, ino, row.id, row.salt));
        }
      }
      for (const [ino, row] of live) {
        if (!this.mirrored.has(ino)) {
          this.mirrored.set(ino, await createInstance(this.writer, ino, row.id, row.salt));
        }
      }
    });
  }

  /** Runs `fn` when no catch-up batch is being written (one writer, one transaction at a time). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writing.then(fn, fn);
    this.writing = next.catch(() => {});
    return next;
  }

  /** Where every instance stands. */
  progress(): MirrorProgress {
    const out: MirrorProgress = { mirrored: 0, events: 0, instances: [] };
    for (const row of this.instances.list()) {
      const mirrored = Math.min(this.mirrored.get(row.ino)?.mirroredTo ?? 0, row.event_count);
      out.instances.push({ instanceId: row.id, name: row.name, mirrored, events: row.event_count });
      out.mirrored += mirrored;
      out.events += row.event_count;
    }
    return out;
  }

  sizeBytes(): number {
    return mirrorSizeBytes(this.file);
  }

  /**
   * Copies what the log holds past every instance's mirrored position, a batch per
   * transaction (large batches while far behind: DuckDB writes whole compressed row groups
   * for them). `onBatch` hears after every batch; `stop` ends it between batches.
   *
   * It copies up to each instance's last position when it reached it, not the events
   * appended meanwhile: chasing a log that is being appended to would copy a few events per
   * transaction (the caller comes back for them: mirror-keeper.ts).
   */
  async catchUpAll(options: { onBatch?: () => void; stop?: () => boolean } = {}): Promise<void> {
    await this.reconcileIfChanged();
    try {
      for (const row of this.instances.list()) {
        const target = this.reader.lastPos(row.ino);
        for (;;) {
          if (this.closed || options.stop?.()) return;
          const m = this.mirrored.get(row.ino);
          if (!m || m.instanceId !== row.id || m.mirroredTo >= target) break;
          const building = target - m.mirroredTo > this.config.tailBatch;
          const copied = await this.catchUpSafely(m, target, {
            batch: building ? this.config.buildBatch : this.config.tailBatch,
            source: building ? (this.threaded ?? this.inline) : this.inline,
            lock: (fn) => this.exclusive(fn),
            current: () => !this.closed && this.mirrored.get(row.ino) === m,
            onBatch: () => options.onBatch?.(),
            stop: () => this.closed || options.stop?.() === true,
          });
          if (!copied) break;
        }
      }
    } finally {
      // The reader thread is for builds: it ends with them (the next starts another).
      await this.threaded?.release();
    }
  }

  /** Creates mirrors for instances created since, drops deleted ones (cheap when none). */
  private async reconcileIfChanged(): Promise<void> {
    const live = this.instances.list();
    const same =
      live.length === this.mirrored.size &&
      live.every((r) => this.mirrored.get(r.ino)?.instanceId === r.id);
    if (!same) await this.reconcile();
  }

  /**
   * Catches an instance up to `target`; false when its events are no longer the log's (it
   * was deleted or replaced meanwhile: the next reconcile sorts it out).
   */
  private async catchUpSafely(
    m: MirroredInstance,
    target: number,
    options: Omit<CatchUpOptions, 'maxColumns'> & { source: SliceSource },
  ): Promise<boolean> {
    try {
      await catchUp(this.writer, options.source, this.reader, m, target, {
        ...options,
        maxColumns: this.config.maxColumns,
      });
      return true;
    } catch (err) {
      if (!(err instanceof SourceChanged)) throw err;
      return false;
    }
  }

  /** Drops an instance's mirror (it was deleted from the log). */
  async dropInstance(ino: number): Promise<void> {
    await this.exclusive(async () => {
      await dropInstance(this.writer, ino);
      this.mirrored.delete(ino);
    });
  }

  /**
   * Answers a query from the mirror, or null when SQLite should (not a mirror shape, the
   * instance too far behind, or a path the mirror does not hold). A query first folds in the
   * events appended since the last catch-up, so its answer is exact for everything committed
   * before it began.
   */
  async query(query: Query, requestId?: string): Promise<QueryResult | null> {
    if (this.closed || !mirrorCandidate(query)) return null;
    // Somebody waits for this one: the warm-up's piece in flight gives way (it is read again
    // once no query runs), and no piece starts until the answer is there.
    this.answeringNow++;
    this.warm.interrupt();
    try {
      return await this.answerQuery(query, requestId);
    } finally {
      this.answeringNow--;
    }
  }

  private async answerQuery(query: Query, requestId?: string): Promise<QueryResult | null> {
    const started = performance.now();
    const instance = this.instances.find(query.from.instance);
    if (!instance) return null; // SQLite answers NOT_FOUND
    const head = this.reader.lastPos(instance.ino);
    if (textIndexFindsFew(this.db, instance.ino, head, query.where, this.config.indexFirstHits))
      return null;
    const current = this.mirrored.get(instance.ino);
    if (!current || current.instanceId !== instance.id) return null;
    if (head - current.mirroredTo > this.config.maxLag) return null;
    if (current.mirroredTo < head) {
      await this.exclusive(async () => {
        const m = this.mirrored.get(instance.ino);
        if (m && m.mirroredTo < head) {
          await this.catchUpSafely(m, head, {
            batch: this.config.buildBatch,
            source: this.inline,
          });
        }
      });
    }
    const m = this.mirrored.get(instance.ino);
    if (!m || m.instanceId !== instance.id || m.mirroredTo < head) return null;
    if (requestId !== undefined && this.cancelledEarly.delete(requestId)) {
      throw new EngineError('CANCELLED', 'the query was cancelled');
    }
    let result: QueryResult | null;
    try {
      result = await this.withConnection(requestId, (conn) =>
        this.answer(conn, m, instance, query, head),
      );
    } catch (err) {
      if (err instanceof Uncovered) return null;
      throw err;
    }
    if (result) result.tookMs = Math.round((performance.now() - started) * 100) / 100;
    return result;
  }

  private async answer(
    conn: DuckDBConnection,
    m: MirroredInstance,
    instance: InstanceRow,
    query: Query,
    head: number,
  ): Promise<QueryResult> {
    const limit = query.limit ?? queryLimits.defaultLimit;
    const offset = query.offset ?? 0;
    // The log's last position when the query began, written as a literal (a number from the
    // log): DuckDB then skips the test on row groups that end below it.
    const filters: Sql[] = [sql`e.pos <= ${raw(String(head))}`];
    if (query.from.stream !== undefined) filters.push(sql`e.stream = ${query.from.stream}`);
    if (query.where && query.where.length > 0)
      filters.push(compileMirrorWhere(query.where, m.tree));
    const from = sql`FROM ${raw(mirrorTable(m.ino))} e WHERE ${filters.reduce((a, b) => sql`${a} AND ${b}`)}`;
    if (query.reduce) {
      const { aggregation, total } = await mirrorAggregation({
        conn,
        tree: m.tree,
        reduce: query.reduce,
        from,
        rowsBound: head,
        minTs: instance.min_ts ?? 0,
        limit,
        offset,
      });
      return { aggregation, total, limit, offset };
    }
    const page = await mirrorPage(conn, m.tree, query, from, limit, offset);
    const more = page.positions.length > limit;
    const positions = page.positions.slice(0, limit);
    const last = positions.length - 1;
    const nextCursor =
      more && last >= 0
        ? encodeCursor(instance, query, {
            key: page.keys[last]!,
            pos: positions[last]!,
            before: false,
            total: page.total,
            countedTo: head,
          })
        : null;
    const events = fetchEvents(queryContext(this.db, instance), positions, query.select);
    return { events, total: page.total, limit, offset, nextCursor };
  }

  private async withConnection<T>(
    requestId: string | undefined,
    fn: (conn: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    const conn = this.idle.pop() ?? (await this.duck.connect());
    const work = fn(conn);
    const entry = { requestId, cancelled: false, work };
    this.busy.set(conn, entry);
    try {
      return await work;
    } catch (err) {
      if (entry.cancelled) throw new EngineError('CANCELLED', 'the query was cancelled');
      throw err;
    } finally {
      this.busy.delete(conn);
      if (this.idle.length < 4 && !this.closed) this.idle.push(conn);
      else conn.closeSync();
    }
  }

  /**
   * Interrupts a query (it fails with CANCELLED). One that has not reached DuckDB yet (it is
   * folding in the tail) is stopped before it does.
   */
  cancel(requestId: string): void {
    for (const [conn, entry] of this.busy) {
      if (entry.requestId !== requestId) continue;
      entry.cancelled = true;
      conn.interrupt();
      return;
    }
    this.cancelledEarly.add(requestId);
    if (this.cancelledEarly.size > 100) {
      this.cancelledEarly.delete(this.cancelledEarly.values().next().value!);
    }
  }

  answering(): boolean {
    return this.answeringNow > 0;
  }

  isClosed(): boolean {
    return this.closed;
  }

  /**
   * What a warm-up reads (warm-up.ts): every column of every instance, in pieces. Skipped when
   * the file is larger than `warmUpShare` of DuckDB's memory_limit (as DuckDB reports it).
   */
  async warmUpPlan(): Promise<WarmUpPlan> {
    const limit = await this.warm.run(async (conn) => {
      const [row] = await rows(conn, "SELECT current_setting('memory_limit')");
      return String(row?.[0]);
    });
    if (limit === undefined) return { skip: 'the mirror was closed' };
    return planWarmUp(limit, this.sizeBytes(), this.mirrored.values(), this.config);
  }

  /**
   * Bytes of the mirror's table blocks in DuckDB's buffer pool (what the warm-up reads in; its
   * test asks).
   */
  async pooledTableBytes(): Promise<number> {
    const [row] = await this.withConnection(undefined, (conn) =>
      rows(conn, "SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"),
    );
    return num(row?.[0] ?? 0);
  }

  /** Reads a piece of the warm-up; false when a query or close interrupted it. */
  warmPiece(piece: WarmPiece): Promise<boolean> {
    return this.warm.read(piece, () => this.answeringNow === 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The warm-up first: nobody waits for it, and it is the one thing that may be long.
    await this.warm.close();
    await this.writing.catch(() => {});
    // DuckDB's work must be over before it closes (and before the thread that holds it ends).
    for (const conn of this.busy.keys()) conn.interrupt();
    await Promise.allSettled([...this.busy.values()].map((e) => e.work));
    for (const conn of this.idle.splice(0)) conn.closeSync();
    await this.threaded?.close();
    try {
      // A clean close leaves no WAL to replay: the next open is quick.
      await run(this.writer, 'CHECKPOINT');
    } catch {
      // read-only or busy: DuckDB replays its WAL on the next open
    }
    this.writer.closeSync();
    this.duck.closeSync();
  }
}

/** Opens DuckDB on the mirror file with the configured limits. */
async function openDuck(file: string, config: MirrorConfig): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, {
      threads: String(config.threads),
      memory_limit: config.memoryLimit,
      // The mirror orders every result itself; unordered inserts and scans use less memory.
      preserve_insertion_order: 'false',
    });
  } catch (err) {
    const message = (err as Error).message;
    if (isLockConflict(message)) {
      throw new MirrorUnavailable(`another process has the mirror open (${message})`);
    }
    throw err;
  }
}
