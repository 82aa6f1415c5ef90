import { describe, expect, it } from 'vitest';
import { arrayRows } from './paged-rows';
import { streamFlags } from './stream-flags';
import type { TableRow } from './use-event-pages';

const row = (seq: number, ts: number): TableRow => ({
  id: `e${seq}`,
  ts,
  stream: 's',
  type: 't',
  seq,
  summary: '',
  extra: [],
});

describe('stream flags', () => {
  const asc = [row(1, 10), row(2, 20), row(5, 30), row(6, 25)];
  it('flags skipped sequence numbers and times that go backwards, oldest first', () => {
    expect(asc.map((_, i) => streamFlags(arrayRows(asc), i, false))).toEqual([
      { gap: 0, backwards: false },
      { gap: 0, backwards: false },
      { gap: 2, backwards: false },
      { gap: 0, backwards: true },
    ]);
  });
  it('compares with the row below when newest first', () => {
    const desc = [...asc].reverse();
    expect(desc.map((_, i) => streamFlags(arrayRows(desc), i, true))).toEqual([
      { gap: 0, backwards: true },
      { gap: 2, backwards: false },
      { gap: 0, backwards: false },
      { gap: 0, backwards: false },
    ]);
  });
});
