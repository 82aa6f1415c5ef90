import type Database from 'better-sqlite3';
import { catalogMark } from '../catalog/describe-fields';
import { streamSortKey } from '../catalog/stream-sort-key';
import { integrityProblems } from '../db/connection';
import { eventTable } from '../db/event-table';
import { hourMs } from '../db/hour-counts';
import type { InstanceRow } from '../instances';
import type { Engine } from '../engine';

/**
 * `eventlens check`: everything that must hold in an Eventlens file, checked against the
 * events themselves, read-only. SQLite's full integrity_check (pages, b-trees, every index
 * against its table) and foreign keys; then, per instance, what the engine promises and what it
 * keeps on append: every stream numbered 1..last_seq without a gap or a repeat, and the kept
 * counts (streams, type_counts, hour_counts, the instance's totals and times, the field
 * catalog's mark) equal to a recount of the events; and the triggers that keep events
 * immutable still in place. Each problem is one line that names the instance and what is off.
 */
export interface CheckReport {
  problems: string[];
  instances: number;
  events: number;
  elapsedMs: number;
}

/** A count kept per type (type_counts) or recounted from the events. */
interface KeptCount {
  tno: number;
  n: number;
  min_ts: number;
  max_ts: number;
}

/** At most this many lines from integrity_check, and per kind of problem per instance. */
const maxLines = 20;

export function checkDatabase(engine: Engine, onStep?: (step: string) => void): CheckReport {
  const started = performance.now();
  const db = engine.db;
  const problems: string[] = [];
  onStep?.('integrity_check');
  problems.push(
    ...integrityProblems(db, 'integrity_check', maxLines).map((p) => `integrity: ${p}`),
  );
  onStep?.('foreign keys');
  for (const row of db.pragma('foreign_key_check') as { table: string; parent: string }[]) {
    problems.push(`foreign keys: a row of ${row.table} points to a missing ${row.parent} row`);
    if (problems.length > maxLines * 4) break;
  }
  let events = 0;
  const instances = engine.instances.list();
  for (const instance of instances) {
    onStep?.(`instance "${instance.name}" (${instance.event_count} events)`);
    // One read transaction per instance: its events and its kept counts from one snapshot,
    // while other processes go on appending.
    const found = db.transaction(() => checkInstance(db, instance))();
    problems.push(...found.problems);
    events += found.events;
  }
  return {
    problems,
    instances: instances.length,
    events,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function checkInstance(
  db: Database.Database,
  stale: InstanceRow,
): { problems: string[]; events: number } {
  const problems: string[] = [];
  const instance = db
    .prepare<[number], InstanceRow>('SELECT * FROM instances WHERE ino = ?')
    .get(stale.ino);
  if (!instance) return { problems, events: 0 }; // deleted meanwhile
  const where = `instance "${instance.name}"`;
  const table = eventTable(instance.ino);
  const exists = db
    .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table) as number;
  if (exists === 0)
    return { problems: [`${where}: its events table ${table} is missing`], events: 0 };
  const report = (kind: string, lines: string[]) => {
    for (const line of lines.slice(0, maxLines)) problems.push(`${where}: ${line}`);
    if (lines.length > maxLines)
      problems.push(`${where}: … and ${lines.length - maxLines} more ${kind}`);
  };

  // Streams: every sequence number from 1 to last_seq exactly once, and the kept head.
  const streams = db
    .prepare<
      [number],
      {
        sno: number;
        name: string;
        sort_key: string;
        last_seq: number;
        min_ts: number;
        max_ts: number;
      }
    >('SELECT sno, name, sort_key, last_seq, min_ts, max_ts FROM streams WHERE ino = ?')
    .all(instance.ino);
  const actual = new Map(
    db
      .prepare<
        [],
        {
          sno: number;
          n: number;
          lo: number;
          hi: number;
          distinct: number;
          min_ts: number;
          max_ts: number;
        }
      >(
        `SELECT sno, count(*) AS n, min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS "distinct",
           min(ts) AS min_ts, max(ts) AS max_ts FROM ${table} GROUP BY sno`,
      )
      .all()
      .map((r) => [r.sno, r]),
  );
  const streamProblems: string[] = [];
  for (const s of streams) {
    const a = actual.get(s.sno);
    actual.delete(s.sno);
    const label = `stream "${s.name}"`;
    // The stream list pages by this key from an index: a wrong one misplaces the stream.
    if (s.sort_key !== streamSortKey(s.name)) {
      streamProblems.push(
        `${label}: its sort key is not the one its name gives (streams.sort_key)`,
      );
    }
    if (!a) {
      streamProblems.push(`${label}: streams.last_seq is ${s.last_seq}, but it has no events`);
      continue;
    }
    if (a.distinct !== a.n) {
      const k = a.n - a.distinct;
      streamProblems.push(`${label}: ${k} sequence number${k === 1 ? ' is' : 's are'} repeated`);
    }
    if (a.lo !== 1 || a.hi !== a.distinct) {
      streamProblems.push(
        `${label}: sequence numbers ${a.lo}..${a.hi} over ${a.distinct} events: ` +
          `${a.hi - a.distinct} of 1..${a.hi} missing (a gap)`,
      );
    }
    if (s.last_seq !== a.hi) {
      streamProblems.push(`${label}: streams.last_seq is ${s.last_seq}, the events end at ${a.hi}`);
    }
    if (s.min_ts !== a.min_ts || s.max_ts !== a.max_ts) {
      streamProblems.push(`${label}: kept first/last times differ from its events'`);
    }
  }
  for (const orphan of actual.values()) {
    streamProblems.push(
      `${orphan.n} events belong to stream number ${orphan.sno}, which is not in streams`,
    );
  }
  report('stream problems', streamProblems);

  // One pass over the events by hour and type gives hour_counts directly and, summed, the
  // per-type counts and the instance's totals (a GROUP BY each took as long again).
  const hours = db
    .prepare<[], KeptCount & { hour: number }>(
      `SELECT (ts - ((ts % ${hourMs}) + ${hourMs}) % ${hourMs}) / ${hourMs} AS hour, tno,
         count(*) AS n, min(ts) AS min_ts, max(ts) AS max_ts FROM ${table} GROUP BY hour, tno`,
    )
    .all();
  const types = new Map<number, KeptCount>();
  const totals: { n: number; min_ts: number | null; max_ts: number | null } = {
    n: 0,
    min_ts: null,
    max_ts: null,
  };
  for (const h of hours) {
    const t = types.get(h.tno);
    if (!t) types.set(h.tno, { ...h });
    else {
      t.n += h.n;
      t.min_ts = Math.min(t.min_ts, h.min_ts);
      t.max_ts = Math.max(t.max_ts, h.max_ts);
    }
    totals.n += h.n;
    totals.min_ts = Math.min(totals.min_ts ?? h.min_ts, h.min_ts);
    totals.max_ts = Math.max(totals.max_ts ?? h.max_ts, h.max_ts);
  }
  const typeName = db
    .prepare<[number], string>('SELECT name FROM event_types WHERE tno = ?')
    .pluck();
  const typeLabel = (tno: number) => `type "${typeName.get(tno) ?? `#${tno}`}"`;

  const keptTypes = new Map(
    db
      .prepare<[number], KeptCount>('SELECT tno, n, min_ts, max_ts FROM type_counts WHERE ino = ?')
      .all(instance.ino)
      .map((r) => [r.tno, r]),
  );
  const typeProblems: string[] = [];
  for (const [tno, t] of types) {
    const k = keptTypes.get(tno);
    keptTypes.delete(tno);
    if (!k) typeProblems.push(`${typeLabel(tno)}: ${t.n} events, but no type_counts row`);
    else if (k.n !== t.n) {
      typeProblems.push(`${typeLabel(tno)}: type_counts says ${k.n}, the events are ${t.n}`);
    } else if (k.min_ts !== t.min_ts || k.max_ts !== t.max_ts) {
      typeProblems.push(`${typeLabel(tno)}: type_counts' first/last times differ from its events'`);
    }
  }
  for (const k of keptTypes.values()) {
    typeProblems.push(`${typeLabel(k.tno)}: type_counts says ${k.n}, there are no events`);
  }
  report('type count problems', typeProblems);

  const keptHours = new Map(
    db
      .prepare<[number], { hour: number; tno: number; n: number }>(
        'SELECT hour, tno, n FROM hour_counts WHERE ino = ?',
      )
      .all(instance.ino)
      .map((r) => [`${r.hour}/${r.tno}`, r]),
  );
  const hourLine = (hour: number, tno: number, kept: number, actual: number) =>
    `hour_counts for ${new Date(hour * hourMs).toISOString().slice(0, 13)}h, ` +
    `${typeLabel(tno)}: kept ${kept}, the events are ${actual}`;
  const hourProblems: string[] = [];
  for (const h of hours) {
    const key = `${h.hour}/${h.tno}`;
    const kept = keptHours.get(key)?.n ?? 0;
    keptHours.delete(key);
    if (kept !== h.n) hourProblems.push(hourLine(h.hour, h.tno, kept, h.n));
  }
  for (const k of keptHours.values()) hourProblems.push(hourLine(k.hour, k.tno, k.n, 0));
  report('hour count problems', hourProblems);

  const last = db.prepare(`SELECT coalesce(max(pos), 0) FROM ${table}`).pluck().get() as number;
  const totalProblems: string[] = [];
  if (instance.event_count !== totals.n) {
    totalProblems.push(
      `instances.event_count is ${instance.event_count}, the events are ${totals.n}`,
    );
  }
  if (instance.stream_count !== streams.length) {
    totalProblems.push(
      `instances.stream_count is ${instance.stream_count}, the streams are ${streams.length}`,
    );
  }
  if (instance.min_ts !== totals.min_ts || instance.max_ts !== totals.max_ts) {
    totalProblems.push(`the instance's kept first/last times differ from its events'`);
  }

  // The field catalog's mark: it has counted exactly the events up to it.
  const mark = catalogMark(db, instance.ino);
  if (mark.scanned_upto > last) {
    totalProblems.push(
      `the field catalog's mark (${mark.scanned_upto}) is past the last event (${last})`,
    );
  } else {
    // Usually the catalog is current (the mark is the last position): no second count then.
    const upto =
      mark.scanned_upto === last
        ? totals.n
        : (db
            .prepare(`SELECT count(*) FROM ${table} WHERE pos <= ?`)
            .pluck()
            .get(mark.scanned_upto) as number);
    if (upto !== mark.scanned_events) {
      totalProblems.push(
        `the field catalog says it counted ${mark.scanned_events} events up to position ` +
          `${mark.scanned_upto}; there are ${upto}`,
      );
    }
  }

  // Immutability: the triggers that refuse UPDATE and DELETE.
  const triggers = db
    .prepare<[string], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?",
    )
    .pluck()
    .all(table);
  for (const name of [`${table}_no_update`, `${table}_no_delete`]) {
    if (!triggers.includes(name)) {
      totalProblems.push(`the trigger ${name} that keeps its events immutable is missing`);
    }
  }
  report('problems', totalProblems);
  return { problems, events: totals.n };
}
