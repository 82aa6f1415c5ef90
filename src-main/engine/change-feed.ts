import type Database from 'better-sqlite3';
import type {
  ChangeEvent,
  ChangeListener,
  StreamAppend,
} from '../../src-shared/contract/change-events';
import { eventTable } from './db/event-table';
import { raw, sql } from './db/sql';
import { toInstance, type InstanceRow } from './instances';
import type { EventLogService } from './service';
import { notifyListeners } from './notify-listeners';

export interface ChangeFeedOptions {
  /** How often to look for commits by other connections, in ms (0: never; call poll()). */
  intervalMs?: number;
}

/** What the feed last saw of one instance. */
interface Seen {
  ino: number;
  name: string;
  description: string | null;
  updatedAt: number;
  eventCount: number;
  /** The largest `pos` of its events table (positions only grow: events are never deleted). */
  lastPos: number;
}

/** Changes made through our own service since the last poll, so a poll does not repeat them. */
interface OwnChanges {
  created: Set<string>;
  /** id -> updatedAt (ms) that we reported */
  updated: Map<string, number>;
  deleted: Set<string>;
  /** id -> stream -> events we reported */
  appended: Map<string, Map<string, number>>;
}

const emptyOwn = (): OwnChanges => ({
  created: new Set(),
  updated: new Map(),
  deleted: new Set(),
  appended: new Map(),
});

/**
 * Every change to one database file, whoever made it. Changes made through our service are
 * passed on at once; changes committed by other connections — the CLI, another server, another
 * app — are found by a cheap timer: `PRAGMA data_version` (a counter in the connection, no I/O
 * worth the name) tells whether anyone else committed, and only then is the instances table
 * diffed and the new rows of each grown instance counted per stream (`pos > last seen`, which
 * the primary key answers in time proportional to the new rows).
 *
 * Main process and browser-mode server run one feed each; the renderer never polls.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly db: Database.Database;
  private seen = new Map<string, Seen>();
  private own = emptyOwn();
  private dataVersion = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribeService: (() => void) | undefined;

  constructor(
    private readonly service: EventLogService,
    private readonly options: ChangeFeedOptions = {},
  ) {
    this.db = service.engine.db;
  }

  /** Takes the first snapshot, listens to the service and starts the timer. */
  start(): this {
    if (this.unsubscribeService) return this;
    this.dataVersion = this.readDataVersion();
    this.seen = this.snapshot();
    this.unsubscribeService = this.service.onChange((change) => this.onOwnChange(change));
    const interval = this.options.intervalMs ?? 250;
    if (interval > 0) {
      this.timer = setInterval(() => this.pollSafely(), interval);
      this.timer.unref(); // never keeps a process alive on its own
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribeService?.();
    this.unsubscribeService = undefined;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * One detection pass: reports what other connections committed since the last pass. Returns
   * the changes it emitted (tests use it; the timer ignores it).
   */
  poll(): ChangeEvent[] {
    if (!this.db.open) return [];
    const version = this.readDataVersion();
    const external = version !== this.dataVersion;
    const ownPending = this.hasOwnChanges();
    if (!external && !ownPending) return [];
    this.dataVersion = version;
    const own = this.own;
    this.own = emptyOwn();
    const changes = this.diff(external, own);
    for (const change of changes) this.emit(change);
    return changes;
  }

  private pollSafely(): void {
    try {
      this.poll();
    } catch (err) {
      // A busy or vanished file must not kill the process; the next tick tries again.
      if (process.env.EVENTLENS_DEBUG) console.error('change feed poll failed:', err);
    }
  }

  private onOwnChange(change: ChangeEvent): void {
    switch (change.kind) {
      case 'instanceCreated':
        this.own.created.add(change.instance.id);
        break;
      case 'instanceUpdated':
        this.own.updated.set(change.instance.id, Date.parse(change.instance.updatedAt));
        break;
      case 'instanceDeleted':
        this.own.deleted.add(change.instanceId);
        break;
      case 'eventsAppended': {
        let streams = this.own.appended.get(change.instanceId);
        if (!streams)
          this.own.appended.set(change.instanceId, (streams = new Map<string, number>()));
        for (const s of change.streams)
          streams.set(s.streamId, (streams.get(s.streamId) ?? 0) + s.count);
        break;
      }
    }
    this.emit(change);
  }

  private hasOwnChanges(): boolean {
    const o = this.own;
    return o.created.size + o.updated.size + o.deleted.size + o.appended.size > 0;
  }

  /**
   * Compares the instances table with what was seen. Without `external` commits every
   * difference is our own (already reported): the snapshot is only brought up to date.
   */
  private diff(external: boolean, own: OwnChanges): ChangeEvent[] {
    const changes: ChangeEvent[] = [];
    const next = new Map<string, Seen>();
    const rows = this.db.prepare<[], InstanceRow>('SELECT * FROM instances ORDER BY ino').all();
    for (const row of rows) {
      const before = this.seen.get(row.id);
      const seen: Seen = {
        ino: row.ino,
        name: row.name,
        description: row.description,
        updatedAt: row.updated_at,
        eventCount: row.event_count,
        lastPos: before?.lastPos ?? 0,
      };
      next.set(row.id, seen);
      if (external) {
        if (!before) {
          if (!own.created.has(row.id))
            changes.push({ kind: 'instanceCreated', instance: toInstance(row) });
        } else if (
          before.updatedAt !== row.updated_at ||
          before.name !== row.name ||
          before.description !== row.description
        ) {
          if (own.updated.get(row.id) !== row.updated_at)
            changes.push({ kind: 'instanceUpdated', instance: toInstance(row) });
        }
      }
      if (row.event_count === (before?.eventCount ?? 0)) continue;
      if (!external) {
        seen.lastPos = this.lastPos(row.ino);
        continue;
      }
      const appended = this.appendsSince(row.ino, seen.lastPos, own.appended.get(row.id));
      seen.lastPos = appended.lastPos;
      if (appended.count > 0) {
        changes.push({
          kind: 'eventsAppended',
          instanceId: row.id,
          count: appended.count,
          streams: appended.streams,
        });
      }
    }
    if (external) {
      for (const [id, before] of this.seen) {
        if (next.has(id) || own.deleted.has(id)) continue;
        changes.push({ kind: 'instanceDeleted', instanceId: id, deletedEvents: before.eventCount });
      }
      // Created by us and deleted by someone else before this pass saw it.
      for (const id of own.created) {
        if (next.has(id) || this.seen.has(id) || own.deleted.has(id)) continue;
        let deletedEvents = 0;
        for (const n of own.appended.get(id)?.values() ?? []) deletedEvents += n;
        changes.push({ kind: 'instanceDeleted', instanceId: id, deletedEvents });
      }
    }
    this.seen = next;
    return changes;
  }

  /**
   * Events stored after `afterPos`, per stream, minus those our own service already reported.
   * Every new row is either ours or someone else's, so the difference is exact.
   */
  private appendsSince(
    ino: number,
    afterPos: number,
    ownStreams: Map<string, number> | undefined,
  ): { count: number; streams: StreamAppend[]; lastPos: number } {
    const table = raw(eventTable(ino));
    // Group the new rows first (a range of the primary key), then name their streams. A plain
    // join let the planner loop over `streams` (every instance's) and look each one up in the
    // events table, whose stream index is segment-led: with tens of thousands of streams that
    // took minutes on the main thread, right after an import's first batch.
    const q = sql`SELECT s.name AS stream, g.n AS n, g.last AS last, g.pos AS pos
      FROM (SELECT e.sno AS sno, count(*) AS n, max(e.seq) AS last, max(e.pos) AS pos,
              min(e.pos) AS first
            FROM ${table} AS e WHERE e.pos > ${afterPos} GROUP BY e.sno) AS g
      CROSS JOIN streams AS s ON s.sno = g.sno
      ORDER BY g.first`;
    let rows: { stream: string; n: number; last: number; pos: number }[];
    try {
      rows = this.db.prepare(q.text).all(...q.params) as typeof rows;
    } catch {
      // The table vanished between reading `instances` and here (deleted meanwhile).
      return { count: 0, streams: [], lastPos: afterPos };
    }
    let count = 0;
    let lastPos = afterPos;
    const streams: StreamAppend[] = [];
    for (const r of rows) {
      lastPos = Math.max(lastPos, r.pos);
      const theirs = r.n - (ownStreams?.get(r.stream) ?? 0);
      if (theirs <= 0) continue;
      count += theirs;
      streams.push({ streamId: r.stream, count: theirs, lastSequence: r.last });
    }
    return { count, streams, lastPos };
  }

  private lastPos(ino: number): number {
    const q = sql`SELECT coalesce(max(pos), 0) FROM ${raw(eventTable(ino))}`;
    try {
      return this.db
        .prepare(q.text)
        .pluck()
        .get(...q.params) as number;
    } catch {
      return 0;
    }
  }

  private snapshot(): Map<string, Seen> {
    const seen = new Map<string, Seen>();
    for (const row of this.db.prepare<[], InstanceRow>('SELECT * FROM instances').all()) {
      seen.set(row.id, {
        ino: row.ino,
        name: row.name,
        description: row.description,
        updatedAt: row.updated_at,
        eventCount: row.event_count,
        lastPos: this.lastPos(row.ino),
      });
    }
    return seen;
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private emit(change: ChangeEvent): void {
    notifyListeners(this.listeners, change);
  }
}
