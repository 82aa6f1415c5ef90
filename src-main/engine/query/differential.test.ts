import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../../src-shared/contract/records';
import { dataset, jsonFields, queryArb, scalarsOf } from '../../test-support/query-arbitraries';
import { referenceQuery } from '../../test-support/reference-query';
import { sameAnswer } from '../../test-support/same-answer';
import { Engine } from '../engine';
import { regressionCases } from './differential-regressions';
import { createQueryIndex, type IndexColumn } from './hot-paths';
import { sqlJsonPath } from './json-path';
import { parseField } from '../../../src-shared/contract/fields';

/**
 * The differential test: the SQL compiler against the reference evaluator, on random datasets
 * full of adversarial values and random queries. Seeds are random per run (set
 * EVENTLENS_FC_SEED to replay one); a failure prints the seed, the dataset and the shrunk query
 * — add them to differential-regressions.ts.
 */
const datasets = 20;
const queriesPerDataset = 260; // 5,200 pairs per run
const seed = process.env.EVENTLENS_FC_SEED
  ? Number(process.env.EVENTLENS_FC_SEED)
  : Date.now() % 2 ** 31;

let engine: Engine;
/** Appends here leave the text index behind (a tail that searches read directly). */
let lazy: Engine;
beforeAll(() => {
  engine = Engine.open(':memory:', { autoIndex: false });
  lazy = Engine.open(':memory:', { autoIndex: false, textIndexInline: 0 });
});
afterAll(() => {
  engine.close();
  lazy.close();
});

/**
 * How far the text index has got when the queries run: all of it (indexed with each append),
 * none of it (every event in the tail), or half (the catch-up stopped midway).
 */
type TextIndexMode = 'current' | 'none' | 'half';

let instanceNo = 0;
/**
 * Loads a dataset into a new instance. With `indexed`, every JSON path the queries use also
 * gets an index (alone and after the event type), so the compiler's indexed-path SQL is
 * checked against the reference too.
 */
function load(
  events: EventInput[],
  indexed = false,
  text: TextIndexMode = 'current',
): { instance: string; records: EventRecord[]; engine: Engine } {
  const instance = `diff-${++instanceNo}`;
  const e = text === 'current' ? engine : lazy;
  const row = e.createInstance(instance);
  const records = events.length > 0 ? e.append(instance, events, false).events : [];
  if (text === 'half') e.catchUpTextIndex(instance, { maxEvents: Math.floor(events.length / 2) });
  if (indexed) {
    for (const text of jsonFields) {
      const parsed = parseField(text);
      if (!parsed.ok || parsed.field.kind !== 'json') continue;
      const col: IndexColumn = ['json', parsed.field.root, sqlJsonPath(parsed.field.segments)];
      createQueryIndex(e.db, row.ino, [col]);
      createQueryIndex(e.db, row.ino, [['top', 'tno'], col]);
    }
  }
  // What a caller sees over the wire (e.g. -0 becomes 0).
  return { instance, records: JSON.parse(JSON.stringify(records)) as EventRecord[], engine: e };
}

function comparable(r: QueryResult) {
  const { tookMs: _t, nextCursor: _n, prevCursor: _p, ...rest } = r;
  return rest;
}

function check(engine: Engine, records: EventRecord[], query: Query): void {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success)
    throw new Error(`the generator made an invalid query: ${parsed.error.message}`);
  const got = engine.query(parsed.data);
  const { ordered, ...want } = referenceQuery(records, parsed.data);
  if (!sameAnswer(comparable(got), want, parsed.data.reduce?.type === 'percentile')) {
    expect(comparable(got)).toEqual(want); // prints a readable diff
    throw new Error('results differ only in number precision beyond tolerance');
  }
  // Walk the whole result by cursor, in small pages: same events, same total on every page.
  // Every other page asks for no total (`total: false`): if it comes anyway, it is exact.
  if (!query.reduce) {
    const pageSize = 1 + (ordered.length % 4);
    const walked: unknown[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages <= ordered.length + 1; pages++) {
      const withTotal = pages % 2 === 0;
      const page = engine.query({
        ...parsed.data,
        limit: pageSize,
        offset: 0,
        ...(cursor ? { cursor } : {}),
        total: withTotal,
      });
      if (withTotal || page.total !== null) expect(page.total).toBe(ordered.length);
      walked.push(...(page.events ?? []));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const full = referenceQuery(records, { ...parsed.data, limit: 10_000, offset: 0 }).events;
    expect(walked).toEqual(full);
    // On a quarter of the queries (the walk doubles a query's cost).
    const text = JSON.stringify(query);
    if (text.length % 4 === 0) startAtWalk(engine, records, parsed.data, ordered, full ?? [], text);
  }
}

/**
 * startAt: a page opened at one of the result's events (another one per query, with an offset
 * of 0 to 2 rows) is the reference's page at it; prevCursor pages back to the first event and
 * nextCursor on to the last, giving the whole result in order. An event the query leaves out
 * is NOT_FOUND in both.
 */
function startAtWalk(
  engine: Engine,
  records: EventRecord[],
  query: Query,
  ordered: EventRecord[],
  full: unknown[],
  /** The query as JSON: picks the event, the offset and the page size. */
  text: string,
): void {
  const pageSize = 1 + (text.length % 3);
  const left = records.find((r) => !ordered.some((o) => o.id === r.id));
  if (left) {
    const q = { ...query, startAt: left.id };
    expect(() => referenceQuery(records, q)).toThrow('NOT_FOUND');
    expect(() => engine.query(q)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  }
  if (ordered.length === 0) return;
  const i = (text.length >> 2) % ordered.length;
  // Within the result: an offset past its end is an empty page, with nothing to page from.
  const offset = Math.min((text.length >> 4) % 3, ordered.length - 1 - i);
  const first: Query = { ...query, limit: pageSize, offset, startAt: ordered[i]!.id };
  const page = engine.query(first);
  expect(page.events).toEqual(referenceQuery(records, first).events);
  expect(page.total).toBe(ordered.length);
  expect(page.prevCursor === null).toBe(i + offset === 0);
  const at = (cursor: string) => engine.query({ ...query, limit: pageSize, offset: 0, cursor });
  const before: unknown[] = [];
  for (let prev = page.prevCursor; prev;) {
    const p = at(prev);
    expect(p.total).toBe(ordered.length);
    before.unshift(...(p.events ?? []));
    prev = p.prevCursor;
    if (before.length > ordered.length) throw new Error('prevCursor does not end');
  }
  const after: unknown[] = [];
  for (let next = page.nextCursor; next;) {
    const p = at(next);
    after.push(...(p.events ?? []));
    next = p.nextCursor;
    if (after.length > ordered.length) throw new Error('nextCursor does not end');
  }
  expect([...before, ...(page.events ?? []), ...after]).toEqual(full);
}

describe('query DSL: engine vs reference evaluator', () => {
  it(`agrees on ${datasets * queriesPerDataset} random (dataset, query) pairs (seed ${seed})`, () => {
    const sets = fc.sample(dataset, { seed, numRuns: datasets });
    const modes: TextIndexMode[] = ['current', 'current', 'none', 'half'];
    sets.forEach((events, i) => {
      const { instance, records, engine } = load(events, i % 2 === 1, modes[i % 4]);
      const values = scalarsOf(events);
      const ids = [
        ...records.slice(0, 5).map((r) => r.id),
        'id-1',
        'nope',
        '00000000-0000-8000-8000-000000000001',
      ];
      try {
        fc.assert(
          fc.property(queryArb({ instance, ids, values }), (query) =>
            check(engine, records, query),
          ),
          { seed: seed + i, numRuns: queriesPerDataset },
        );
      } catch (err) {
        throw new Error(
          `dataset ${i} of seed ${seed} (EVENTLENS_FC_SEED=${seed}):\n${JSON.stringify(events)}\n${(err as Error).message}`,
        );
      }
    });
  }, 600_000); // generous: CI machines are shared and slow

  it.each(regressionCases.map((c) => [c.name, c] as const))('regression: %s', (_name, c) => {
    const { instance, records, engine } = load(c.events);
    check(engine, records, { ...c.query, from: { ...c.query.from, instance } });
  });
});
