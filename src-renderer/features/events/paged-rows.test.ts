import { describe, expect, it } from 'vitest';
import { PagedRows } from './paged-rows';
import type { TableRow } from './use-event-pages';

const rows = (from: number, n: number): TableRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${from + i}`,
    ts: from + i,
    stream: 's',
    type: 't',
    seq: from + i,
    summary: '',
    extra: [],
  }));

describe('paged rows', () => {
  it('reads every row across pages of different sizes, and nothing outside', () => {
    const sizes = [200, 500, 1, 500, 37];
    let list = PagedRows.empty;
    let next = 0;
    for (const n of sizes) {
      list = list.append(rows(next, n));
      next += n;
    }
    expect(list.length).toBe(next);
    for (let i = 0; i < next; i++) expect(list.row(i)?.seq).toBe(i);
    expect(list.row(-1)).toBeUndefined();
    expect(list.row(next)).toBeUndefined();
    expect(list.row(0.5)).toBeUndefined();
    expect(list.slice(698, 703).map((r) => r.seq)).toEqual([698, 699, 700, 701, 702]);
    expect(list.slice(next - 2, next + 5).map((r) => r.seq)).toEqual([next - 2, next - 1]);
  });

  it('appending makes a new list and leaves the old one as it was', () => {
    const a = PagedRows.of(rows(0, 3));
    const b = a.append(rows(3, 2));
    expect(b).not.toBe(a);
    expect(a.length).toBe(3);
    expect(a.row(3)).toBeUndefined();
    expect(b.row(3)?.seq).toBe(3);
    expect(b.append([])).toBe(b);
  });

  it('prepends pages before every row, keeping each row in order, the old list unchanged', () => {
    const a = PagedRows.of(rows(1000, 200));
    const b = a.prepend(rows(500, 500)).append(rows(1200, 3)).prepend(rows(499, 1));
    expect(b.length).toBe(704);
    for (let i = 0; i < b.length; i++) expect(b.row(i)?.seq).toBe(499 + i);
    expect(b.slice(499, 503).map((r) => r.seq)).toEqual([998, 999, 1000, 1001]);
    expect(a.length).toBe(200);
    expect(a.row(0)?.seq).toBe(1000);
    expect(a.prepend([])).toBe(a);
  });
});
