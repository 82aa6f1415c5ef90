import type Database from 'better-sqlite3';
import type { EventRecord } from '../../src-shared/contract/records';
import type { StreamAppend } from '../../src-shared/contract/change-events';
import { findReplays } from './append-replays';
import { CatalogTally } from './catalog/catalog-tally';
import { catalogMark, commitCatalogCounts } from './catalog/describe-fields';
import { streamSortKey } from './catalog/stream-sort-key';
import { eventTable } from './db/event-table';
import { hourOf } from './db/hour-counts';
import { EngineError } from './errors';
import { eventIdsOf } from './ids';
import type { InstanceRow, InstanceStore } from './instances';
import { IsoInstants } from './iso-instants';
import type { EventPath, PendingEvent } from './pending-events';
import { StreamCache } from './stream-cache';
import {
  defaultTextInlineBatch,
  textDocument,
  textIndexedUpto,
  TextIndexWriter,
} from './search/text-index';

type InsertParams = [number, number, number, number, number, string | null, string, string];

interface TableStatements {
  insert: Database.Statement<InsertParams>;
  lastPos: Database.Statement<[], number>;
  text: TextIndexWriter;
}

interface StreamState {
  sno: number;
  seq: number;
  isNew: boolean;
  minTs: number;
  maxTs: number;
  appended: number;
}

export interface AppendResult {
  instance: InstanceRow;
  instanceCreated: boolean;
  events: EventRecord[];
  /** Events newly stored (idempotent replays are in `events` but not counted here). */
  appended: number;
  streams: StreamAppend[];
}

/** An append that answers counts, not the events (an import's: it has the events already). */
export type AppendSummary = Omit<AppendResult, 'events'> & {
  /** Events the call answers for: stored now, or replays of stored ones. */
  count: number;
};

/**
 * The write path. One call is one IMMEDIATE transaction: sequence numbers are read from the
 * streams table under the database's write lock, so several processes appending to one file
 * still get gap-free, duplicate-free numbers; a failure anywhere rolls the whole batch back.
 */
export class Appender {
  /** Event type ids. Rows of event_types are never deleted, so a committed id is valid forever. */
  private readonly typeIds = new Map<string, number>();
  /** Statements per events table; SQLite re-prepares them by itself if the schema changes. */
  private readonly tables = new Map<number, TableStatements>();
  /** Streams as this connection's last append left them (stream-cache.ts says when trusted). */
  private readonly streamCache: StreamCache;
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly instances: InstanceStore,
    /** Appends of at most this many events onto a current text index index their text. */
    private readonly textInlineBatch: number = defaultTextInlineBatch,
  ) {
    this.streamCache = new StreamCache(db);
    this.stmt = {
      stream: db.prepare<[number, string], { sno: number; last_seq: number }>(
        'SELECT sno, last_seq FROM streams WHERE ino = ? AND name = ?',
      ),
      // No RETURNING here: it makes every insert keep a statement journal, which inside a
      // caller's transaction (an opened file's import, a live source: a savepoint) cost time
      // growing with the instance's streams (append-in-transaction.test.ts). sno is the rowid.
      newStream: db.prepare<[number, string, string, number, number]>(
        `INSERT INTO streams (ino, name, sort_key, last_seq, min_ts, max_ts)
         VALUES (?, ?, ?, 0, ?, ?)`,
      ),
      updateStream: db.prepare<[number, number, number, number]>(
        'UPDATE streams SET last_seq = ?, min_ts = min(min_ts, ?), max_ts = max(max_ts, ?) WHERE sno = ?',
      ),
      type: db.prepare<[string], number>('SELECT tno FROM event_types WHERE name = ?').pluck(),
      newType: db
        .prepare<[string], number>('INSERT INTO event_types (name) VALUES (?) RETURNING tno')
        .pluck(),
      typeCount: db.prepare<[number, number, number, number, number]>(
        `INSERT INTO type_counts (ino, tno, n, min_ts, max_ts) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (ino, tno) DO UPDATE SET n = n + excluded.n,
           min_ts = min(min_ts, excluded.min_ts), max_ts = max(max_ts, excluded.max_ts)`,
      ),
      hourCount: db.prepare<[number, number, number, number]>(
        `INSERT INTO hour_counts (ino, tno, hour, n) VALUES (?, ?, ?, ?)
         ON CONFLICT (ino, hour, tno) DO UPDATE SET n = n + excluded.n`,
      ),
      instanceTotals: db.prepare<
        [{ n: number; streams: number; min: number; max: number; ino: number }]
      >(
        `UPDATE instances SET event_count = event_count + @n, stream_count = stream_count + @streams,
           min_ts = min(coalesce(min_ts, @min), @min), max_ts = max(coalesce(max_ts, @max), @max)
         WHERE ino = @ino`,
      ),
    };
  }

  append(
    instanceRef: string,
    pending: readonly PendingEvent[],
    autoCreate: boolean,
    at: EventPath,
  ): AppendResult {
    const { records, ...rest } = this.inTransaction(instanceRef, pending, autoCreate, at, true);
    return { ...rest, events: records! };
  }

  /**
   * Appends like `append` but answers counts only: no event records are built (an import has
   * its events already). `catalog`: the field catalog's counts of exactly these events when
   * the caller has them (serialized-events.ts), so that they are not counted again here.
   */
  appendCounted(
    instanceRef: string,
    pending: readonly PendingEvent[],
    at: EventPath,
    catalog: [string, number][] | null,
  ): AppendSummary {
    const { records: _none, ...rest } = this.inTransaction(
      instanceRef,
      pending,
      false,
      at,
      false,
      catalog,
    );
    return rest;
  }

  private inTransaction(
    instanceRef: string,
    pending: readonly PendingEvent[],
    autoCreate: boolean,
    at: EventPath,
    withRecords: boolean,
    catalogCounts: [string, number][] | null = null,
  ) {
    // Inside a caller's transaction (an opened file's import moves its position with the batch)
    // this one is a savepoint: its commit is not the last word, so nothing it read or created
    // may enter the cache (a rollback would leave a type id naming no type, or another one).
    const nested = this.db.inTransaction;
    const newTypes = new Map<string, number>();
    const cache = nested ? null : this.streamCache;
    const { touched, ...result } = this.db
      .transaction(() => {
        cache?.begin();
        return this.appendInTransaction(
          instanceRef,
          pending,
          autoCreate,
          at,
          newTypes,
          withRecords,
          catalogCounts,
          cache,
        );
      })
      .immediate();
    // Only now, after the commit, may new type ids and stream states enter the caches.
    if (!nested) for (const [name, tno] of newTypes) this.typeIds.set(name, tno);
    cache?.committed(result.instance.ino, touched);
    return result;
  }

  private appendInTransaction(
    instanceRef: string,
    pending: readonly PendingEvent[],
    autoCreate: boolean,
    at: EventPath,
    newTypes: Map<string, number>,
    withRecords: boolean,
    catalogCounts: [string, number][] | null,
    cache: StreamCache | null,
  ): AppendSummary & { records: EventRecord[] | null; touched: Map<string, StreamState> } {
    let instance = this.instances.find(instanceRef);
    let instanceCreated = false;
    if (!instance) {
      if (!autoCreate) {
        throw new EngineError(
          'NOT_FOUND',
          `no instance with id or name "${instanceRef}" (pass autoCreateInstance: true to create it)`,
          { instanceId: instanceRef },
        );
      }
      instance = this.instances.create(instanceRef, undefined, instanceRef);
      instanceCreated = true;
    }
    const { insert, lastPos: lastPosStmt, text } = this.statementsFor(instance.ino);
    // Positions are assigned here, under the write lock (the generated ids derive from them).
    let lastPos = lastPosStmt.get()!;
    // A small batch onto a current text index is indexed here; others leave a tail that
    // searches read directly until catchUpTextIndex gets to it (search/text-index.ts).
    const indexText =
      pending.length <= this.textInlineBatch && textIndexedUpto(this.db, instance.ino) === lastPos;
    // The catalog of paths counts this batch too when it has counted every event before it.
    const mark = catalogMark(this.db, instance.ino);
    const countCatalog = mark.scanned_upto === lastPos;
    // Counts given with the batch hold only when every event of it is stored (no replays).
    const catalog = countCatalog && !catalogCounts ? new CatalogTally() : null;
    const stored: PendingEvent[] | null = countCatalog && catalogCounts ? [] : null;

    const { replays, repeatOf } = findReplays(this.db, instance, pending, at);
    const streams = new Map<string, StreamState>();
    const typeCounts = new Map<number, { n: number; minTs: number; maxTs: number }>();
    const hourCounts = new Map<number, Map<number, number>>(); // tno -> hour -> n
    const records = withRecords ? new Array<EventRecord>(pending.length) : null;
    const idAt = eventIdsOf(instance.salt);
    const iso = new IsoInstants();
    let appended = 0;
    let minTs = Infinity;
    let maxTs = -Infinity;

    for (const e of pending) {
      const replay = replays.get(e.index);
      if (replay) {
        if (records) records[e.index] = replay;
        continue;
      }
      const repeat = repeatOf.get(e.index);
      if (repeat !== undefined) {
        if (records) records[e.index] = records[repeat]!; // the first occurrence comes earlier
        continue;
      }
      let s = streams.get(e.stream);
      if (!s) {
        const row = this.knownStream(cache, instance.ino, e.stream);
        s = row
          ? { sno: row.sno, seq: row.last_seq, isNew: false, minTs: e.ts, maxTs: e.ts, appended: 0 }
          : {
              sno: Number(
                this.stmt.newStream.run(instance.ino, e.stream, streamSortKey(e.stream), e.ts, e.ts)
                  .lastInsertRowid,
              ),
              seq: 0,
              isNew: true,
              minTs: e.ts,
              maxTs: e.ts,
              appended: 0,
            };
        streams.set(e.stream, s);
      }
      if (e.expectedSequence !== undefined && e.expectedSequence !== s.seq) {
        throw new EngineError(
          'CONFLICT',
          `${at(e.index, 'expectedSequence')}: stream "${e.stream}" is at sequence ${s.seq}, not ${e.expectedSequence}`,
          { streamId: e.stream, expectedSequence: e.expectedSequence, actualSequence: s.seq },
        );
      }
      const tno = this.typeId(e.type, newTypes);
      s.seq += 1;
      s.appended += 1;
      if (e.ts < s.minTs) s.minTs = e.ts;
      if (e.ts > s.maxTs) s.maxTs = e.ts;
      if (e.ts < minTs) minTs = e.ts;
      if (e.ts > maxTs) maxTs = e.ts;
      const tc = typeCounts.get(tno);
      if (tc) {
        tc.n += 1;
        if (e.ts < tc.minTs) tc.minTs = e.ts;
        if (e.ts > tc.maxTs) tc.maxTs = e.ts;
      } else typeCounts.set(tno, { n: 1, minTs: e.ts, maxTs: e.ts });
      let hours = hourCounts.get(tno);
      if (!hours) hourCounts.set(tno, (hours = new Map<number, number>()));
      const hour = hourOf(e.ts);
      hours.set(hour, (hours.get(hour) ?? 0) + 1);

      const pos = ++lastPos;
      insert.run(pos, s.sno, s.seq, tno, e.ts, e.userId ?? null, e.payloadJson, e.metadataJson);
      if (indexText)
        text.add(pos, textDocument(e.stream, e.type, e.userId ?? null, e.payload, e.metadata));
      catalog?.add('payload', e.payload);
      catalog?.add('metadata', e.metadata);
      stored?.push(e);
      appended += 1;
      if (!records) continue;
      records[e.index] = {
        id: e.userId ?? idAt(pos),
        instanceId: instance.id,
        stream_id: e.stream,
        event_type: e.type,
        payload: e.payload,
        metadata: e.metadata,
        timestamp: iso.format(e.ts),
        sequence_number: s.seq,
      };
    }

    let newStreams = 0;
    const streamAppends: StreamAppend[] = [];
    for (const [name, s] of streams) {
      this.stmt.updateStream.run(s.seq, s.minTs, s.maxTs, s.sno);
      if (s.isNew) newStreams += 1;
      streamAppends.push({ streamId: name, count: s.appended, lastSequence: s.seq });
    }
    for (const [tno, tc] of typeCounts)
      this.stmt.typeCount.run(instance.ino, tno, tc.n, tc.minTs, tc.maxTs);
    for (const [tno, hours] of hourCounts)
      for (const [hour, n] of hours) this.stmt.hourCount.run(instance.ino, tno, hour, n);
    if (indexText && appended > 0) text.advance(lastPos);
    if (countCatalog && appended > 0)
      commitCatalogCounts(
        this.db,
        instance.ino,
        catalog?.counts() ?? givenCounts(catalogCounts!, stored!, pending.length),
        lastPos,
        mark.scanned_events + appended,
      );
    if (appended > 0)
      this.stmt.instanceTotals.run({
        n: appended,
        streams: newStreams,
        min: minTs,
        max: maxTs,
        ino: instance.ino,
      });
    return {
      instance,
      instanceCreated,
      records,
      count: pending.length,
      appended,
      streams: streamAppends,
      touched: streams,
    };
  }

  /** A stream's number and last sequence number: remembered, or read (undefined: new). */
  private knownStream(
    cache: StreamCache | null,
    ino: number,
    name: string,
  ): { sno: number; last_seq: number } | undefined {
    const known = cache?.get(ino, name);
    if (known) return { sno: known.sno, last_seq: known.seq };
    return this.stmt.stream.get(ino, name);
  }

  private statementsFor(ino: number): TableStatements {
    let statements = this.tables.get(ino);
    if (!statements) {
      const table = eventTable(ino);
      statements = {
        insert: this.db.prepare<InsertParams>(
          `INSERT INTO ${table} (pos, sno, seq, tno, ts, id, payload, metadata) ` +
            `VALUES (?, ?, ?, ?, ?, ?, jsonb(?), jsonb(?))`,
        ),
        lastPos: this.db.prepare<[], number>(`SELECT coalesce(max(pos), 0) FROM ${table}`).pluck(),
        text: new TextIndexWriter(this.db, ino),
      };
      this.tables.set(ino, statements);
    }
    return statements;
  }

  private typeId(name: string, newTypes: Map<string, number>): number {
    const cached = this.typeIds.get(name) ?? newTypes.get(name);
    if (cached !== undefined) return cached;
    // Found or created, it is cached once the append commits (committed by someone else, or in
    // an enclosing transaction that may still roll back: the caller's commit decides).
    const tno = this.stmt.type.get(name) ?? this.stmt.newType.get(name)!;
    newTypes.set(name, tno);
    return tno;
  }
}

/** The catalog counts given with a batch, or (when some of it was not stored) of what was. */
function givenCounts(
  given: [string, number][],
  stored: readonly PendingEvent[],
  all: number,
): Map<string, number> {
  if (stored.length === all) return new Map(given);
  const tally = new CatalogTally();
  for (const e of stored) {
    tally.add('payload', e.payload);
    tally.add('metadata', e.metadata);
  }
  return tally.counts();
}
