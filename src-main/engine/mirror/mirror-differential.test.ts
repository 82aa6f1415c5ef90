import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { operators, isMirrored } from '../../../src-shared/contract/operators';
import { querySchema, type Query, type WhereNode } from '../../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../../src-shared/contract/records';
import { dataset, queryArb, scalarsOf } from '../../test-support/query-arbitraries';
import { referenceQuery } from '../../test-support/reference-query';
import { sameAnswer } from '../../test-support/same-answer';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { mirrorCandidate } from './mirror-routing';
import type { WarmPiece } from './warm-up';

/**
 * The mirror's differential test: every query the mirror takes is answered three ways — by
 * the SQLite engine, by the mirror, and by the reference evaluator in plain TypeScript over
 * the appended records — on the same random datasets (adversarial values: missing, null and
 * mixed-type fields, non-ASCII and NUL in keys and strings, numbers past 2^53), and the
 * answers must be the same (numbers to the last bits of a compensated sum), the mirror's and
 * SQLite's cursors included. Part of each dataset is appended after the mirror's catch-up and
 * more arrives between queries, so the mirror keeps folding in events it has not copied yet:
 * an acknowledged append it missed would be a mismatch. Half of each dataset's queries are
 * aggregations. A piece of the warm-up (warm-up.ts) reads a column of the dataset beside each
 * group of queries (which interrupt it if it still runs), as in a host after its first
 * catch-up. Seeds are random per run (EVENTLENS_FC_SEED replays one).
 */
const datasets = 20;
const queriesPerDataset = 260; // 5,200 queries answered by the mirror per run
const aggregationsPerDataset = queriesPerDataset / 2;
const seed = process.env.EVENTLENS_FC_SEED
  ? Number(process.env.EVENTLENS_FC_SEED)
  : Date.now() % 2 ** 31;

let engine: Engine;
let mirror: Mirror;
beforeAll(async () => {
  engine = Engine.open(':memory:', { autoIndex: false });
  // Every regex the mirror can answer, also those the text index would leave to SQLite.
  mirror = await Mirror.open({
    db: engine.db,
    file: ':memory:',
    config: { threads: 1, indexFirstHits: 0, warmUpRows: 8 },
  });
});
afterAll(async () => {
  await mirror.close();
  engine.close();
});

const comparable = (r: QueryResult) => {
  const { tookMs: _t, ...rest } = r;
  return rest;
};

let instanceNo = 0;
let answeredByMirror = 0;

/** What the mirror answered, so the run proves it covered every shape it takes. */
const covered = new Set<string>();
function cover(query: Query): void {
  const visit = (node: WhereNode) => {
    if ('or' in node) node.or.forEach(visit);
    else if ('and' in node) node.and.forEach(visit);
    else if ('not' in node) visit(node.not);
    else covered.add(`operator ${node.operator}`);
  };
  (query.where ?? []).forEach(visit);
  const r = query.reduce;
  if (!r) return void covered.add(query.orderBy ? 'page ordered by a field' : 'page');
  covered.add(`${r.type}${r.distinct ? ' distinct' : ''}`);
  for (const key of r.groupBy ?? []) {
    covered.add(typeof key === 'string' ? 'group by a field' : 'group by a time bucket');
  }
  if ((r.groupBy ?? []).length > 1) covered.add('group by two keys');
}
const mustCover = [
  ...operators.filter(isMirrored).map((op) => `operator ${op}`),
  ...['count', 'count distinct', 'sum', 'avg', 'min', 'max', 'percentile'],
  ...['group by a field', 'group by a time bucket', 'group by two keys'],
  ...['page', 'page ordered by a field'],
];

describe('mirror vs SQLite', () => {
  it(`agrees on ${datasets * queriesPerDataset} random queries (seed ${seed})`, async () => {
    const sets = fc.sample(dataset, { seed, numRuns: datasets });
    for (const [i, events] of sets.entries()) {
      const instance = `mirror-diff-${++instanceNo}`;
      engine.createInstance(instance);
      // What a caller sees over the wire (e.g. -0 becomes 0): the reference's input.
      const records: EventRecord[] = [];
      const append = (part: EventInput[]) => {
        const appended = engine.append(instance, part, false).events;
        records.push(...(JSON.parse(JSON.stringify(appended)) as EventRecord[]));
      };
      // The first part is caught up; the rest arrives a few events at a time between queries.
      const first = Math.ceil(events.length * 0.6);
      append(events.slice(0, first));
      await mirror.catchUpAll();
      const ino = engine.instances.require(instance).ino;
      const plan = await mirror.warmUpPlan();
      const pieces: WarmPiece[] = 'skip' in plan ? [] : plan.pieces.filter((p) => p.ino === ino);
      expect(pieces.length, `dataset ${i}: warm-up pieces`).toBeGreaterThan(0);
      let piece = 0;
      const tail: EventInput[] = events.slice(first);
      // Candidates the mirror declines (paths inside arrays, paths that only held objects, sums
      // that cancel) are answered by SQLite alone: draw until enough went both ways. Queries of
      // any shape and aggregations alternate.
      const arb = queryArb({ instance, ids: ['nope'], values: scalarsOf(events) }).filter(
        mirrorCandidate,
      );
      const draw = (a: fc.Arbitrary<Query>, offset: number) =>
        fc.sample(a, { seed: seed + i + offset, numRuns: queriesPerDataset * 3 });
      const any = draw(arb, 0);
      const aggregations = draw(
        arb.filter((q) => q.reduce !== undefined),
        1_000_003,
      );
      const queries = any.flatMap((q, k) => [q, aggregations[k]!]);
      let aggregated = 0;
      // Queries go in groups of 12 between appends; a group runs concurrently on the mirror
      // (as the host's queries do), each checked against SQLite's answer on the same data.
      let answered = 0;
      for (let at = 0; at < queries.length && answered < queriesPerDataset; at += 12) {
        if (tail.length > 0) append(tail.splice(0, 3));
        const group = queries.slice(at, at + 12);
        const snapshot = records.slice();
        const warming = mirror.warmPiece(pieces[piece % pieces.length]!);
        const results = await Promise.all(
          group.map((query) => check(query, snapshot).catch((err: Error) => err)),
        );
        // Read, or interrupted by a query (then read again beside the next group).
        if (await warming) piece++;
        results.forEach((r, k) => {
          if (r instanceof Error) {
            throw new Error(
              `dataset ${i}, query ${at + k} of seed ${seed} (EVENTLENS_FC_SEED=${seed}):\n` +
                `${JSON.stringify(group[k])}\n${r.message}`,
            );
          }
          if (!r || answered >= queriesPerDataset) return;
          answered++;
          if (group[k]!.reduce) aggregated++;
          cover(group[k]!);
        });
      }
      answeredByMirror += answered;
      expect(aggregated, `dataset ${i}: aggregations the mirror answered`).toBeGreaterThanOrEqual(
        aggregationsPerDataset,
      );
    }
    expect(answeredByMirror).toBe(datasets * queriesPerDataset);
    expect(mustCover.filter((shape) => !covered.has(shape))).toEqual([]);
  }, 600_000);
});

/** Runs a query three ways; false when the mirror declined it. */
async function check(query: Query, records: EventRecord[]): Promise<boolean> {
  const parsed = querySchema.parse(query);
  const want = engine.query(parsed);
  const got = await mirror.query(parsed);
  if (got === null) return false;
  const exact = parsed.reduce?.type === 'percentile'; // a value of the data, to the last bit
  if (!sameAnswer(comparable(got), comparable(want), exact)) {
    throw new Error(
      `the mirror answered\n${JSON.stringify(comparable(got))}\nSQLite answered\n` +
        JSON.stringify(comparable(want)),
    );
  }
  const { ordered: _o, ...reference } = referenceQuery(records, parsed);
  const { nextCursor: _n, ...mirrored } = comparable(got);
  if (!sameAnswer(mirrored, reference, exact)) {
    throw new Error(
      `the mirror answered\n${JSON.stringify(mirrored)}\nthe reference evaluator answered\n` +
        JSON.stringify(reference),
    );
  }
  return true;
}
