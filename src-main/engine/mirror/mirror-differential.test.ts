import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { dataset, queryArb, scalarsOf } from '../../test-support/query-arbitraries';
import { sameAnswer } from '../../test-support/same-answer';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { mirrorCandidate } from './mirror-routing';

/**
 * The mirror's differential test: every query the mirror takes is answered both ways — by
 * the SQLite engine and by the mirror — on the same random datasets (adversarial values:
 * missing, null and mixed-type fields, non-ASCII and NUL in keys and strings, numbers past
 * 2^53), and the answers must be the same (numbers to the last bits of a compensated sum),
 * cursors included. Part of each dataset is appended after the mirror's catch-up and more
 * arrives between queries, so the mirror keeps folding in events it has not copied yet.
 * Seeds are random per run (EVENTLENS_FC_SEED replays one).
 */
const datasets = 20;
const queriesPerDataset = 260; // 5,200 queries answered both ways per run
const seed = process.env.EVENTLENS_FC_SEED
  ? Number(process.env.EVENTLENS_FC_SEED)
  : Date.now() % 2 ** 31;

let engine: Engine;
let mirror: Mirror;
beforeAll(async () => {
  engine = Engine.open(':memory:', { autoIndex: false });
  mirror = await Mirror.open({ db: engine.db, file: ':memory:', config: { threads: 1 } });
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

describe('mirror vs SQLite', () => {
  it(`agrees on ${datasets * queriesPerDataset} random queries (seed ${seed})`, async () => {
    const sets = fc.sample(dataset, { seed, numRuns: datasets });
    for (const [i, events] of sets.entries()) {
      const instance = `mirror-diff-${++instanceNo}`;
      engine.createInstance(instance);
      // The first part is caught up; the rest arrives a few events at a time between queries.
      const first = Math.ceil(events.length * 0.6);
      engine.append(instance, events.slice(0, first), false);
      await mirror.catchUpAll();
      const tail: EventInput[] = events.slice(first);
      // Candidates the mirror declines (paths inside arrays, paths that only held objects, sums
      // that cancel) are answered by SQLite alone: draw until enough went both ways.
      const queries = fc.sample(
        queryArb({ instance, ids: ['nope'], values: scalarsOf(events) }).filter(mirrorCandidate),
        { seed: seed + i, numRuns: queriesPerDataset * 3 },
      );
      // Queries go in groups of 12 between appends; a group runs concurrently on the mirror
      // (as the host's queries do), each checked against SQLite's answer on the same data.
      let answered = 0;
      for (let at = 0; at < queries.length && answered < queriesPerDataset; at += 12) {
        if (tail.length > 0) engine.append(instance, tail.splice(0, 3), false);
        const group = queries.slice(at, at + 12);
        const results = await Promise.all(
          group.map((query) => check(query).catch((err: Error) => err)),
        );
        results.forEach((r, k) => {
          if (r instanceof Error) {
            throw new Error(
              `dataset ${i}, query ${at + k} of seed ${seed} (EVENTLENS_FC_SEED=${seed}):\n` +
                `${JSON.stringify(group[k])}\n${r.message}`,
            );
          }
          if (r && answered < queriesPerDataset) answered++;
        });
      }
      answeredByMirror += answered;
    }
    expect(answeredByMirror).toBe(datasets * queriesPerDataset);
  }, 600_000);
});

/** Runs a query both ways; false when the mirror declined it. */
async function check(query: Query): Promise<boolean> {
  const parsed = querySchema.parse(query);
  const want = engine.query(parsed);
  const got = await mirror.query(parsed);
  if (got === null) return false;
  if (!sameAnswer(comparable(got), comparable(want))) {
    throw new Error(
      `the mirror answered\n${JSON.stringify(comparable(got))}\nSQLite answered\n` +
        JSON.stringify(comparable(want)),
    );
  }
  return true;
}
