import type Database from 'better-sqlite3';
import { parseField, type FieldRef } from '../../../src-shared/contract/fields';
import { operatorFacts } from '../../../src-shared/contract/operators';
import type { Query } from '../../../src-shared/contract/query';
import type { InstanceStore } from '../instances';
import { mirrorCandidate } from '../mirror/mirror-routing';
import { createQueryIndex, hasIndex, indexCount, type IndexColumn } from './hot-paths';
import { sqlJsonPath } from './json-path';

/**
 * Indexes on demand. A slow query over payload/metadata paths on a large instance gets the
 * index that answers it from the index alone (a covering index): the stream or event-type
 * filter first, then the group keys, the aggregated field and the filtered paths. Such an index
 * turned payload group-bys from seconds into tens of milliseconds in the query bench; it costs
 * a build of about a second per million events and some ingest speed, so only queries slower
 * than `minMs` on instances of at least `minEvents` events get one, and at most `max` per
 * instance.
 */
export interface AutoIndexPolicy {
  minEvents: number;
  minMs: number;
  max: number;
  /** A columnar mirror answers its shapes (mirror/mirror-routing.ts): no index for those. */
  mirrored?: boolean;
}

export const defaultAutoIndexPolicy: AutoIndexPolicy = { minEvents: 50_000, minMs: 200, max: 8 };

const maxColumns = 6;

function columnOf(f: FieldRef): IndexColumn | null {
  if (f.kind === 'json') return ['json', f.root, sqlJsonPath(f.segments)];
  switch (f.name) {
    case 'event_type':
      return ['top', 'tno'];
    case 'stream_id':
      return ['top', 'sno'];
    case 'timestamp':
      return ['top', 'ts'];
    case 'sequence_number':
      return ['top', 'seq'];
    case 'id':
      return null;
  }
}

/** The covering index a query would want, or null when it touches no JSON path. */
export function adviseIndex(query: Query): IndexColumn[] | null {
  const cols: IndexColumn[] = [];
  const seen = new Set<string>();
  const add = (c: IndexColumn | null): boolean => {
    if (!c) return false;
    const key = JSON.stringify(c);
    if (!seen.has(key)) {
      seen.add(key);
      cols.push(c);
    }
    return true;
  };
  const field = (text: string): FieldRef | null => {
    const parsed = parseField(text);
    return parsed.ok ? parsed.field : null;
  };
  if (query.from.stream !== undefined) add(['top', 'sno']);
  const conditions = (query.where ?? []).filter((n) => 'field' in n);
  for (const c of conditions) {
    const f = field(c.field);
    // The type's names resolve to numbers up front, which the index seeks.
    if (f?.kind === 'top' && f.name === 'event_type' && operatorFacts[c.operator].index === 'seek')
      add(['top', 'tno']);
  }
  const r = query.reduce;
  if (r) {
    for (const k of r.groupBy ?? []) {
      const f = field(typeof k === 'string' ? k : k.field);
      if (!f || !add(columnOf(f))) return null;
    }
    if (r.field !== undefined) {
      const f = field(r.field);
      if (!f || !add(columnOf(f))) return null;
    }
  }
  // Filtered paths, for operators an index serves (operators.ts: `index`).
  for (const c of conditions) {
    const f = field(c.field);
    if (f?.kind === 'json' && operatorFacts[c.operator].index !== 'none') add(columnOf(f));
  }
  if (!cols.some((c) => c[0] === 'json') || cols.length > maxColumns) return null;
  return cols;
}

/**
 * The columns of the index a query that took `tookMs` should get under the policy, or null:
 * slow enough, on a large enough instance, not indexed yet, and under the instance's limit.
 * Any connection can tell (the worker asks on its read connection before it claims to build).
 */
export function wantedIndex(
  db: Database.Database,
  instances: InstanceStore,
  query: Query,
  tookMs: number,
  policy: AutoIndexPolicy,
): { ino: number; cols: IndexColumn[] } | null {
  if (tookMs < policy.minMs || (policy.mirrored && mirrorCandidate(query))) return null;
  const cols = adviseIndex(query);
  const instance = cols && instances.find(query.from.instance);
  if (!cols || !instance || instance.event_count < policy.minEvents) return null;
  if (hasIndex(db, instance.ino, cols) || indexCount(db, instance.ino) >= policy.max) return null;
  return { ino: instance.ino, cols };
}

/**
 * After a query: builds the index it wants when the policy says so. Returns the new index's
 * name, or null. Runs on a writable connection, and asks again there (another connection may
 * have built it meanwhile); failures (busy, read-only) are not the query's failures, so they
 * are swallowed and the query simply stays unindexed.
 */
export function maybeIndex(
  db: Database.Database,
  instances: InstanceStore,
  query: Query,
  tookMs: number,
  policy: AutoIndexPolicy,
): string | null {
  if (db.readonly) return null;
  try {
    const wanted = wantedIndex(db, instances, query, tookMs, policy);
    return wanted ? (createQueryIndex(db, wanted.ino, wanted.cols)?.name ?? null) : null;
  } catch {
    return null;
  }
}
