import type { Highlighter, Range as TextRange } from '../../../src-shared/search/highlight';

/**
 * The ranges of a search's matches that a fitted cell shows: matches found in the cell's whole
 * text (`full`), cut to what `fitText` left visible (`shown`: the same text, or a prefix of it
 * ending in "…"). A match past the cut is not shown; one that the cut crosses is shown up to it.
 */
export function visibleMatches(
  highlighter: Highlighter,
  full: string,
  shown: string,
  field: string,
): TextRange[] {
  if (highlighter.empty || shown.length === 0) return [];
  const ranges = highlighter.ranges(full, field);
  if (shown === full) return ranges;
  const visible = shown.endsWith('…') ? shown.length - 1 : shown.length;
  const out: TextRange[] = [];
  for (const [start, end] of ranges) {
    if (start >= visible) break;
    out.push([start, Math.min(end, visible)]);
  }
  return out;
}

/** The field a table column shows, as the highlighter names fields; null: not searched text. */
export function columnField(columnId: string): string | null {
  switch (columnId) {
    case 'timestamp':
    case 'sequence_number':
      return null;
    // The summary is text from many payload fields: only searches of every field mark it.
    case 'summary':
      return 'payload';
    default:
      return columnId;
  }
}
