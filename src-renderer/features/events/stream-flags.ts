import type { RowList } from './paged-rows';

export interface RowFlags {
  /** Sequence numbers skipped between this row and the one before it in sequence order. */
  gap: number;
  /** This event's time is earlier than the one before it in sequence order. */
  backwards: boolean;
}

const none: RowFlags = { gap: 0, backwards: false };

/**
 * Flags of a stream view's row, against its neighbour in sequence order (the row above when the
 * view is oldest first, the row below when it is newest first). Only meaningful when the rows are
 * one stream in sequence order; a filtered view skips numbers on purpose, and the row says how
 * many are not shown.
 */
export function streamFlags(rows: RowList, index: number, newestFirst: boolean): RowFlags {
  const row = rows.row(index);
  const prev = rows.row(newestFirst ? index + 1 : index - 1);
  if (!row || !prev || prev.stream !== row.stream) return none;
  const gap = row.seq - prev.seq - 1;
  const backwards = row.ts < prev.ts;
  return gap === 0 && !backwards ? none : { gap: Math.max(0, gap), backwards };
}
