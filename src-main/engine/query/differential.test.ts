import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../../src-shared/contract/records';
import { dataset, jsonFields, queryArb, scalarsOf } from '../../test-support/query-arbitraries';
import { referenceQuery } from '../../test-support/reference-query';
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
beforeAll(() => {
  engine = Engine.open(':memory:', { autoIndex: false });
});
afterAll(() => engine.close());

let instanceNo = 0;
/**
 * Loads a dataset into a new instance. With `indexed`, every JSON path the queries use also
 * gets an index (alone and after the event type), so the compiler's indexed-path SQL is
 * checked against the reference too.
 */
function load(events: EventInput[], indexed = false): { instance: string; records: EventRecord[] } {
  const instance = `diff-${++instanceNo}`;
  const row = engine.createInstance(instance);
  const records = events.length > 0 ? engine.append(instance, events, false).events : [];
  if (indexed) {
    for (const text of jsonFields) {
      const parsed = parseField(text);
      if (!parsed.ok || parsed.field.kind !== 'json') continue;
      const col: IndexColumn = ['json', parsed.field.root, sqlJsonPath(parsed.field.segments)];
      createQueryIndex(engine.db, row.ino, [col]);
      createQueryIndex(engine.db, row.ino, [['top', 'tno'], col]);
    }
  }
  // What a caller sees over the wire (e.g. -0 becomes 0).
  return { instance, records: JSON.parse(JSON.stringify(records)) as EventRecord[] };
}

function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Deep equality; numbers may differ in the last bits (compensated sums in another order). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return close(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => same(x, b[i]))
    );
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      same(ka, kb) &&
      ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return Object.is(a, b);
}

function comparable(r: QueryResult) {
  const { tookMs: _t, nextCursor: _n, ...rest } = r;
  return rest;
}

function check(records: EventRecord[], query: Query): void {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success)
    throw new Error(`the generator made an invalid query: ${parsed.error.message}`);
  const got = engine.query(parsed.data);
  const { ordered, ...want } = referenceQuery(records, parsed.data);
  if (!same(comparable(got), want)) {
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
  }
}

describe('query DSL: engine vs reference evaluator', () => {
  it(`agrees on ${datasets * queriesPerDataset} random (dataset, query) pairs (seed ${seed})`, () => {
    const sets = fc.sample(dataset, { seed, numRuns: datasets });
    sets.forEach((events, i) => {
      const { instance, records } = load(events, i % 2 === 1);
      const values = scalarsOf(events);
      const ids = [
        ...records.slice(0, 5).map((r) => r.id),
        'id-1',
        'nope',
        '00000000-0000-8000-8000-000000000001',
      ];
      try {
        fc.assert(
          fc.property(queryArb({ instance, ids, values }), (query) => check(records, query)),
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
    const { instance, records } = load(c.events);
    check(records, { ...c.query, from: { ...c.query.from, instance } });
  });
});
