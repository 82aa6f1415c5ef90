import type Database from 'better-sqlite3';
import type { FieldCatalog, StreamList } from '../../src-shared/contract/catalog';
import { defaultLimits } from '../../src-shared/contract/limits';
import type { EventInput } from '../../src-shared/contract/operations';
import type { Query } from '../../src-shared/contract/query';
import type {
  CountedQueryResult,
  InstanceStats,
  QueryResult,
} from '../../src-shared/contract/records';
import { Appender, type AppendResult, type AppendSummary } from './append';
import { describeFields } from './catalog/describe-fields';
import { listStreams, type ListStreamsOptions } from './catalog/list-streams';
import { openDatabase, type OpenOptions } from './db/connection';
import { EngineError } from './errors';
import { InstanceStore, type InstanceRow } from './instances';
import { batchPath, EventPreparer, type EngineLimits, type EventPath } from './pending-events';
import { defaultAutoIndexPolicy, maybeIndex, type AutoIndexPolicy } from './query/index-advisor';
import { runQuery } from './query/run-query';
import { catchUpTextIndex, type CatchUpOptions, type CatchUpResult } from './search/text-catch-up';
import type { SerializedEvents } from './serialized-events';
import { instanceStats } from './stats';

export interface EngineOptions extends OpenOptions {
  limits?: Partial<EngineLimits>;
  /** Indexes on demand for slow payload queries (index-advisor.ts); false turns them off. */
  autoIndex?: AutoIndexPolicy | false;
  /**
   * Appends of at most this many events onto a current text index are indexed in their own
   * transaction (default 100); larger ones are indexed later by `catchUpTextIndex`, and
   * searches read the events after the index meanwhile (search/text-index.ts).
   */
  textIndexInline?: number;
}

/**
 * The storage engine on one database file: plain Node, no electron. The CLI, the browser-mode
 * server, Electron's main process and the tests all use it through EventLogService.
 */
export class Engine {
  readonly instances: InstanceStore;
  readonly limits: EngineLimits;
  private readonly preparer: EventPreparer;
  private readonly appender: Appender;

  readonly autoIndex: AutoIndexPolicy | false;

  private constructor(
    readonly db: Database.Database,
    /** Why the database is read-only (it cannot be written on disk, or was opened so); null: writable. */
    readonly readOnly: string | null,
    options: EngineOptions,
  ) {
    const limits = options.limits ?? {};
    this.autoIndex = readOnly !== null ? false : (options.autoIndex ?? defaultAutoIndexPolicy);
    this.limits = { ...defaultLimits, ...limits };
    this.instances = new InstanceStore(db);
    this.preparer = new EventPreparer(this.limits);
    this.appender = new Appender(db, this.instances, options.textIndexInline);
  }

  static open(file: string, options: EngineOptions = {}): Engine {
    const { db, readOnly } = openDatabase(file, options);
    return new Engine(db, readOnly, options);
  }

  get file(): string {
    return this.db.name;
  }

  /** Refuses a write to a read-only database before it starts, saying why it is read-only. */
  assertWritable(): void {
    if (this.readOnly === null) return;
    throw new EngineError(
      'STORAGE_ERROR',
      `the database is open read-only (${this.readOnly}): it can be browsed and queried, but ` +
        `nothing can be appended or changed.`,
    );
  }

  createInstance(name: string, description?: string): InstanceRow {
    this.assertWritable();
    return this.db.transaction(() => this.instances.create(name, description)).immediate();
  }

  updateInstance(ref: string, changes: { name?: string; description?: string }): InstanceRow {
    this.assertWritable();
    return this.db.transaction(() => this.instances.update(ref, changes)).immediate();
  }

  deleteInstance(ref: string): { row: InstanceRow; deletedEvents: number } {
    this.assertWritable();
    return this.db.transaction(() => this.instances.delete(ref)).immediate();
  }

  /** Appends atomically; `at` names the events in error messages. */
  append(
    ref: string,
    events: readonly EventInput[],
    autoCreate: boolean,
    at: EventPath = batchPath,
  ): AppendResult {
    this.assertWritable();
    const pending = this.preparer.prepare(events, at);
    return this.appender.append(ref, pending, autoCreate, at);
  }

  /**
   * Appends an import's serialised batch (serialized-events.ts) atomically, as `append` does
   * with events; answers counts instead of the events.
   */
  appendSerialized(ref: string, batch: SerializedEvents, at: EventPath = batchPath): AppendSummary {
    this.assertWritable();
    const pending = this.preparer.prepareSerialized(batch, at);
    return this.appender.appendCounted(ref, pending, at, batch.catalog);
  }

  /**
   * Runs a validated query; a slow one over payload paths may leave an index behind. Unless
   * the query says `total: false`, its total is a number.
   */
  query(query: Query & { total?: true }): CountedQueryResult;
  query(query: Query): QueryResult;
  query(query: Query): QueryResult {
    const result = runQuery(this.db, this.instances, query);
    if (this.autoIndex) {
      maybeIndex(this.db, this.instances, query, result.tookMs ?? 0, this.autoIndex);
    }
    return result;
  }

  /**
   * Every event a query matches — no limit — page by page, for exports. `limit`, `offset`,
   * `cursor` and `startAt` of the query are ignored; the order is the query's. Pages follow each other by
   * keyset cursor, so each costs what the first does and memory stays bounded by one page.
   * Events appended while iterating are included when they sort after the current page.
   */
  *iterateEvents(query: Query, pageSize = 1_000): Generator<NonNullable<QueryResult['events']>> {
    const { limit: _l, offset: _o, cursor: _c, startAt: _s, ...rest } = query;
    let cursor: string | undefined;
    for (;;) {
      const page = runQuery(this.db, this.instances, {
        ...rest,
        total: false, // the pages are wanted, not their count
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      const events = page.events ?? [];
      if (events.length > 0) yield events;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * Brings the instance's text index up to its last event (search/text-catch-up.ts), a chunk
   * per write transaction; `maxEvents` bounds one call's work.
   */
  catchUpTextIndex(ref: string, options: CatchUpOptions = {}): CatchUpResult {
    this.assertWritable();
    return catchUpTextIndex(this.db, this.instances.require(ref).ino, options);
  }

  stats(ref: string): InstanceStats {
    return instanceStats(this.db, this.instances.require(ref));
  }

  /** [ext] One page of an instance's streams, read in one snapshot. */
  listStreams(ref: string, options: ListStreamsOptions = {}): StreamList {
    return this.db.transaction(() => listStreams(this.db, this.instances.require(ref), options))();
  }

  /**
   * [ext] The field catalog, after counting the events appended since the last call. A
   * read-only database answers what is counted (`scannedEvents` says how many events that is).
   */
  describeFields(ref: string): Promise<FieldCatalog> {
    return describeFields(this.db, this.instances, ref, { readOnly: this.readOnly !== null });
  }

  close(): void {
    if (!this.db.open) return;
    if (this.readOnly === null) {
      try {
        this.db.pragma('optimize');
      } catch {
        // best effort: a busy database simply skips it
      }
    }
    this.db.close();
  }
}
