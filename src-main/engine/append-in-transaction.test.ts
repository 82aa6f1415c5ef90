import { expect, it } from 'vitest';
import type { EventInput } from '../../src-shared/contract/operations';
import { servicePerTest } from '../test-support/service-per-test';

const newService = servicePerTest();

/**
 * `n` events, each on a stream of its own whose name falls anywhere among the others (an
 * access log's streams are its client addresses): each insert touches another index page.
 */
function newStreams(tag: string, n: number): EventInput[] {
  return Array.from({ length: n }, (_, i) => ({
    stream_id: `${Math.imul(i + 1, 2654435761) >>> 0}-${tag}`,
    event_type: 'request',
    payload: { status: 200, path: `/p/${i % 100}` },
  }));
}

/**
 * An opened file's import and a live source append inside a transaction of their own (the
 * file's position moves with the batch), so their appends are savepoints. The new streams'
 * `INSERT … RETURNING` inside a savepoint cost time growing with the streams the instance
 * already had (here 3× a plain append's at 40,000; the open benchmark's import ran at
 * 0.12-0.4× the CLI's). Same work, same instance: the two must cost about the same.
 */
it('appends new streams inside a caller transaction as fast as on its own', () => {
  const ctx = newService();
  const { engine } = ctx;
  engine.createInstance('web');
  for (let k = 0; k < 8; k++) engine.append('web', newStreams(`warm${k}`, 5_000), false);
  const plain: number[] = [];
  const nested: number[] = [];
  for (let round = 0; round < 4; round++) {
    let t = performance.now();
    engine.append('web', newStreams(`plain${round}`, 2_000), false);
    plain.push(performance.now() - t);
    t = performance.now();
    engine.db
      .transaction(() => engine.append('web', newStreams(`nested${round}`, 2_000), false))
      .immediate();
    nested.push(performance.now() - t);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const ratio = median(nested) / median(plain);
  console.log(
    `2,000 new streams onto 40,000: alone ${median(plain).toFixed(0)} ms, ` +
      `inside a transaction ${median(nested).toFixed(0)} ms (${ratio.toFixed(1)}x)`,
  );
  expect(ratio).toBeLessThan(2);
  // And the streams are all there, numbered from 1.
  const streams = engine.db
    .prepare<[], { n: number; seqs: number }>(
      'SELECT count(*) AS n, sum(last_seq) AS seqs FROM streams',
    )
    .get()!;
  expect(streams).toEqual({ n: 56_000, seqs: 56_000 });
});
