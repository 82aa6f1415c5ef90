import {
  parseRegex,
  requiredLiterals,
  type Requirement,
} from '../../../src-shared/search/regex-syntax';
import { operatorFacts, type TextOperator } from '../../../src-shared/contract/operators';
import { anyField, type WhereNode } from '../../../src-shared/contract/query';
import { join, raw, sql, type Sql } from '../db/sql';
import { prepareTextTest } from '../search/text-match';
import { ftsPhrase, phraseIsExact, textIndexedUpto, textTable } from '../search/text-index';
import type { QueryContext } from './context';

/**
 * SQL for the text operators (contains, icontains, startsWith, istartsWith, ieq, matches,
 * imatches) over every string of an event (`*`) or one field, using the instance's text index
 * (search/text-index.ts) where it helps.
 *
 * The exact test is always a SQL function calling JavaScript (search/text-match.ts): el_text on
 * one value, el_text_any over the strings of payload and metadata. The index narrows the events
 * that test reads to those whose folded text holds the operand's trigrams (or, for a regular
 * expression, the literals every match contains). Events the index does not hold — after its
 * mark (the tail), or over its size limit — are always tested. For icontains on `*` a phrase hit
 * is a match (text-index.ts), so indexed hits are not tested at all.
 */
export interface TextIndexState {
  table: string;
  /** The last position the index holds. */
  upto: number;
  /** Whether events after `upto` exist in this snapshot. */
  tail: boolean;
  /** Whether some events are over the size limit (text_unindexed). */
  unindexed: boolean;
}

const cache = new WeakMap<QueryContext, TextIndexState | null>();

/** The text index as this query's snapshot sees it; null when the instance has none. */
export function textIndexState(ctx: QueryContext): TextIndexState | null {
  if (cache.has(ctx)) return cache.get(ctx)!;
  const ino = ctx.instance.ino;
  const upto = textIndexedUpto(ctx.db, ino);
  let state: TextIndexState | null = null;
  if (upto !== null) {
    const last = ctx.db.prepare(`SELECT coalesce(max(pos), 0) FROM ${ctx.table}`).pluck().get();
    const unindexed = ctx.db
      .prepare('SELECT EXISTS (SELECT 1 FROM text_unindexed WHERE ino = ?)')
      .pluck()
      .get(ino);
    state = {
      table: textTable(ino),
      upto,
      tail: (last as number) > upto,
      unindexed: unindexed === 1,
    };
  }
  cache.set(ctx, state);
  return state;
}

/** The FTS5 query that finds every event a condition can match; null when none narrows. */
export function ftsQuery(op: TextOperator, value: string): string | null {
  if (operatorFacts[op].operand !== 'pattern') return ftsPhrase(value);
  const parsed = parseRegex(value);
  if (!parsed.ok) return null;
  // RE2's case-insensitive matching folds non-ASCII letters by simple case folding, which is
  // not always the index's fold: only ASCII literals narrow an imatches.
  return requirementQuery(requiredLiterals(parsed.ast, op === 'imatches'));
}

function requirementQuery(req: Requirement): string | null {
  switch (req.kind) {
    case 'true':
      return null;
    case 'literal':
      return ftsPhrase(req.text);
    case 'and': {
      const parts = req.parts.map(requirementQuery).filter((p): p is string => p !== null);
      return parts.length === 0 ? null : parts.map((p) => `(${p})`).join(' AND ');
    }
    case 'or': {
      const parts = req.parts.map(requirementQuery);
      if (parts.some((p) => p === null)) return null;
      return parts.map((p) => `(${p!})`).join(' OR ');
    }
  }
}

/**
 * `test` narrowed by the index: events the index holds are tested only when `query` found
 * them (and not at all when `exact`), the others always.
 */
function narrowed(ctx: QueryContext, query: string | null, exact: boolean, test: Sql): Sql {
  const state = textIndexState(ctx);
  if (!state || query === null || readsFewerInOrder(ctx, state, query)) return test;
  const hits = sql`e.pos IN (SELECT rowid FROM ${raw(state.table)} WHERE ${raw(state.table)} MATCH ${query})`;
  const others: Sql[] = [];
  if (state.tail) others.push(sql`e.pos > ${state.upto}`);
  if (state.unindexed) {
    others.push(sql`e.pos IN (SELECT pos FROM text_unindexed WHERE ino = ${ctx.instance.ino})`);
  }
  if (exact) {
    if (others.length === 0) return hits;
    return sql`(${hits} OR ((${join(others, ' OR ')}) AND ${test}))`;
  }
  return sql`((${join([hits, ...others], ' OR ')}) AND ${test})`;
}

/** Hits read at each end of the index to estimate how common a term is (see below). */
const sampleHits = 32;

/**
 * For one page of events: whether reading events in the page's order and testing each finds
 * its rows sooner than collecting every index hit and sorting them. With h hits among N events
 * spread evenly, the page reads about rows * N / h events (~3 us each) against h hits (~2 us
 * each, then a sort): reading wins once h exceeds about sqrt(1.5 * rows * N).
 *
 * h is estimated, not counted: counting hits up to that bound read 12,000 of them for a page of
 * 100 in 1M events (18 ms idle, 31 ms loaded), most of a common word's first page. The index
 * answers its newest and its oldest `sampleHits` hits by rowid (= position) in well under a
 * millisecond; how far back (or on) the last of them lies gives the hits' density at each end.
 * The lower of the two decides, so a term dense only at one end (a recent burst) still goes by
 * the index: reading in order from its sparse end would read most of the events. Either way the
 * answer is the same; only its cost depends on the choice.
 */
function readsFewerInOrder(ctx: QueryContext, state: TextIndexState, query: string): boolean {
  if (ctx.pageRows === undefined) return false;
  const events = ctx.instance.event_count;
  const cap = Math.sqrt(1.5 * Math.max(ctx.pageRows, 1) * events);
  if (cap >= events) return false;
  const ends = (direction: 'ASC' | 'DESC') =>
    ctx.db
      .prepare<[string, number], number>(
        `SELECT rowid FROM ${state.table} WHERE ${state.table} MATCH ? ORDER BY rowid ${direction} LIMIT ?`,
      )
      .pluck()
      .all(query, sampleHits);
  const newest = ends('DESC');
  if (newest.length < sampleHits) return false;
  const oldest = ends('ASC');
  // Positions run from 1 to `upto` in the index: the span each end's sample covers.
  const span = Math.max(state.upto - newest[sampleHits - 1]! + 1, oldest[sampleHits - 1]!);
  return (sampleHits / span) * state.upto >= cap;
}

/** Numbers of the names (streams of this instance, or event types) a test accepts. */
function matchingNames(ctx: QueryContext, which: 'stream' | 'type', spec: string): number[] {
  const q =
    which === 'stream'
      ? 'SELECT sno FROM streams WHERE ino = ? AND el_text(?, name)'
      : 'SELECT t.tno FROM type_counts c JOIN event_types t ON t.tno = c.tno WHERE c.ino = ? AND el_text(?, t.name)';
  return ctx.db.prepare<[number, string], number>(q).pluck().all(ctx.instance.ino, spec);
}

const inList = (col: Sql, ids: number[]): Sql | null =>
  ids.length === 0
    ? null
    : ids.length <= 50
      ? sql`${col} IN (${join(
          ids.map((n) => sql`${n}`),
          ', ',
        )})`
      : sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** A text operator over every string stored in the event (`field: '*'`). Never NULL. */
export function anyFieldText(ctx: QueryContext, op: TextOperator, value: string, at: string): Sql {
  const test = anyFieldTest(ctx, op, value, at);
  return narrowed(ctx, ftsQuery(op, value), op === 'icontains' && phraseIsExact(value), test);
}

/** The exact test of a text operator on every string of an event, without the index. */
function anyFieldTest(ctx: QueryContext, op: TextOperator, value: string, at: string): Sql {
  const spec = prepareTextTest(op, value, at);
  const parts = [
    inList(sql`e.sno`, matchingNames(ctx, 'stream', spec)),
    inList(sql`e.tno`, matchingNames(ctx, 'type', spec)),
    sql`el_text(${spec}, e.id)`,
    sql`el_text_any(${spec}, e.payload, e.metadata)`,
  ].filter((p): p is Sql => p !== null);
  return sql`(${join(parts, ' OR ')})`;
}

/**
 * The number of events a `where` of one icontains on `*` matches, counted in the text index
 * itself (7x faster than counting events whose position is among the hits: 61 against 427 ms
 * for 136,032 hits in 1M events), plus the events it does not hold that pass the test; null
 * for any other `where`.
 */
export function countFromTextIndex(ctx: QueryContext, where: readonly WhereNode[]): number | null {
  const only = where.length === 1 ? where[0]! : null;
  if (!only || !('field' in only) || only.field !== anyField || only.operator !== 'icontains')
    return null;
  const value = only.value;
  const state = textIndexState(ctx);
  const query = typeof value === 'string' ? ftsPhrase(value) : null;
  if (!state || query === null || !phraseIsExact(value as string)) return null;
  const t = raw(state.table);
  const hits = sql`SELECT count(*) FROM ${t} WHERE ${t} MATCH ${query}`;
  let total = ctx.db
    .prepare(hits.text)
    .pluck()
    .get(...hits.params) as number;
  if (state.tail || state.unindexed) {
    const others: Sql[] = [];
    if (state.tail) others.push(sql`e.pos > ${state.upto}`);
    if (state.unindexed)
      others.push(sql`e.pos IN (SELECT pos FROM text_unindexed WHERE ino = ${ctx.instance.ino})`);
    const test = anyFieldTest(ctx, 'icontains', value as string, 'query.where[0].value');
    const rest = sql`SELECT count(*) FROM ${raw(ctx.table)} e WHERE (${join(others, ' OR ')}) AND ${test}`;
    total += ctx.db
      .prepare(rest.text)
      .pluck()
      .get(...rest.params) as number;
  }
  return total;
}

/** A text operator on one JSON path: the value there must be a string that passes. */
export function jsonPathText(
  ctx: QueryContext,
  column: Sql,
  path: string,
  op: TextOperator,
  value: string,
  at: string,
): Sql {
  const spec = prepareTextTest(op, value, at);
  const test = sql`(json_type(${column}, ${path}) = 'text' AND el_text(${spec}, json_extract(${column}, ${path})))`;
  return narrowed(ctx, ftsQuery(op, value), false, test);
}

/** A test on an indexed path's typed value (TEXT only for strings), narrowed like the rest. */
export function indexedPathText(
  ctx: QueryContext,
  v: Sql,
  op: TextOperator,
  value: string,
  at: string,
): Sql {
  return narrowed(ctx, ftsQuery(op, value), false, valueText(op, value, v, at));
}

/** A text operator on a string column or typed value (names, the id, an indexed path). */
export function valueText(op: TextOperator, value: string, v: Sql, at: string): Sql {
  return sql`el_text(${prepareTextTest(op, value, at)}, ${v})`;
}
