import type { TableRow } from './use-event-pages';

/** Rows by index: an array, or the pages a table loaded. */
export interface RowList {
  readonly length: number;
  /** The row at `index`, or undefined outside 0..length-1 (never counted from the end). */
  row(index: number): TableRow | undefined;
}

/**
 * The table's loaded rows, kept as the pages they came in. Appending a page makes a new list
 * (React sees the change) that shares every page before it: concatenating into one array
 * copied all the rows loaded so far for each page, 100,000 pointers a page late in a long
 * scroll, and those dead copies were what set off most of the collector's full pauses.
 */
export class PagedRows implements RowList {
  static readonly empty = new PagedRows([], [], 0);

  private constructor(
    private readonly pages: readonly (readonly TableRow[])[],
    /** Index of each page's first row. */
    private readonly starts: readonly number[],
    readonly length: number,
  ) {}

  static of(rows: readonly TableRow[]): PagedRows {
    return PagedRows.empty.append(rows);
  }

  append(rows: readonly TableRow[]): PagedRows {
    if (rows.length === 0) return this;
    return new PagedRows(
      [...this.pages, rows],
      [...this.starts, this.length],
      this.length + rows.length,
    );
  }

  /** The rows of a page that comes before every row held (paging back from an event). */
  prepend(rows: readonly TableRow[]): PagedRows {
    if (rows.length === 0) return this;
    return new PagedRows(
      [rows, ...this.pages],
      [0, ...this.starts.map((start) => start + rows.length)],
      this.length + rows.length,
    );
  }

  row(index: number): TableRow | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    // The last page whose first row is at or before index.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.pages[lo]![index - this.starts[lo]!];
  }

  /** Rows from `start` up to (not including) `end`, like Array.slice with in-range bounds. */
  slice(start: number, end: number): TableRow[] {
    const out: TableRow[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.row(i)!);
    return out;
  }
}

/** An array as a RowList (tests, small lists). */
export function arrayRows(rows: readonly TableRow[]): RowList {
  return { length: rows.length, row: (i) => (i >= 0 && i < rows.length ? rows[i] : undefined) };
}
