import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-db';
import { Engine } from './engine';
import { EngineError } from './errors';

/**
 * The append path remembers the streams its last append left (stream-cache.ts) instead of
 * reading them again. Whatever else writes between two appends, sequence numbers must stay
 * exact: from 1, no gap, no duplicate, the stored ones those acknowledged.
 */
let dir: { dir: string; cleanup: () => void } | undefined;
const open: Engine[] = [];
afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
  dir?.cleanup();
  dir = undefined;
});

function engineOn(file: string): Engine {
  const engine = Engine.open(file);
  open.push(engine);
  return engine;
}

function newFile(): string {
  dir = tempDir();
  return path.join(dir.dir, 'events.db');
}

const seqsOf = (engine: Engine, stream: string): number[] =>
  engine.db
    .prepare<[string], number>(
      'SELECT e.seq FROM ev_1 e JOIN streams s ON s.sno = e.sno WHERE s.name = ? ORDER BY e.pos',
    )
    .pluck()
    .all(stream);

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

const append = (engine: Engine, stream: string, n = 1, expectedSequence?: number) =>
  engine.append(
    'log',
    Array.from({ length: n }, (_, i) => ({
      stream_id: stream,
      payload: { i },
      ...(i === 0 && expectedSequence !== undefined ? { expectedSequence } : {}),
    })),
    true,
  );

const lastSeq = (r: ReturnType<Engine['append']>) => r.events.at(-1)!.sequence_number;

it('numbers on from what another connection appended between two appends', () => {
  const file = newFile();
  const a = engineOn(file);
  const b = engineOn(file);
  expect(lastSeq(append(a, 's', 3))).toBe(3);
  expect(lastSeq(append(b, 's', 2))).toBe(5);
  expect(lastSeq(append(a, 's', 1))).toBe(6); // a's remembered 3 is stale
  expect(lastSeq(append(b, 's', 1))).toBe(7);
  expect(lastSeq(append(a, 's', 1, 7))).toBe(8);
  expect(seqsOf(a, 's')).toEqual(oneTo(8));
});

it('forgets what an append inside a caller transaction did when the caller rolls back', () => {
  const engine = engineOn(newFile());
  append(engine, 's', 2);
  const rollback = new Error('caller rolls back');
  expect(() =>
    engine.db
      .transaction(() => {
        expect(lastSeq(append(engine, 's', 5))).toBe(7);
        append(engine, 'new-in-rollback', 1);
        throw rollback;
      })
      .immediate(),
  ).toThrow(rollback);
  expect(lastSeq(append(engine, 's', 1))).toBe(3);
  expect(lastSeq(append(engine, 'new-in-rollback', 1))).toBe(1);
  expect(seqsOf(engine, 's')).toEqual(oneTo(3));
  expect(seqsOf(engine, 'new-in-rollback')).toEqual([1]);
});

it('keeps nothing of an append that failed after creating a stream', () => {
  const engine = engineOn(newFile());
  append(engine, 's', 2);
  expect(() =>
    engine.append(
      'log',
      [
        { stream_id: 'fresh', payload: {} },
        { stream_id: 's', payload: {} },
        { stream_id: 's', payload: {}, expectedSequence: 99 },
      ],
      false,
    ),
  ).toThrow(EngineError);
  expect(lastSeq(append(engine, 'fresh', 1))).toBe(1);
  expect(lastSeq(append(engine, 's', 1, 2))).toBe(3);
  expect(seqsOf(engine, 's')).toEqual(oneTo(3));
});

it('starts again from 1 after the instance was deleted and made again on the same connection', () => {
  const engine = engineOn(newFile());
  append(engine, 's', 4);
  engine.deleteInstance('log');
  expect(lastSeq(append(engine, 's', 2))).toBe(2);
  const ino = engine.instances.require('log').ino;
  const seqs = engine.db
    .prepare<[], number>(`SELECT seq FROM ev_${ino} ORDER BY pos`)
    .pluck()
    .all();
  expect(seqs).toEqual([1, 2]);
});

it('numbers on across many streams and batches, as the database has them', () => {
  const file = newFile();
  const a = engineOn(file);
  const b = engineOn(file);
  const expected = new Map<string, number>();
  for (let batch = 0; batch < 40; batch++) {
    const writer = batch % 3 === 0 ? b : a;
    const events = Array.from({ length: 25 }, (_, i) => ({
      stream_id: `s${(batch * 7 + i * i) % 13}`,
      payload: { batch, i },
    }));
    const result = writer.append('log', events, true);
    for (const [i, e] of events.entries()) {
      const n = (expected.get(e.stream_id) ?? 0) + 1;
      expected.set(e.stream_id, n);
      expect(result.events[i]!.sequence_number).toBe(n);
    }
  }
  for (const [stream, n] of expected) expect(seqsOf(a, stream)).toEqual(oneTo(n));
  const stored = a.db
    .prepare<[], { name: string; last_seq: number }>('SELECT name, last_seq FROM streams')
    .all();
  expect(new Map(stored.map((s) => [s.name, s.last_seq]))).toEqual(expected);
});
