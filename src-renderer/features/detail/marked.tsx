import type { Range } from '../../../src-shared/search/highlight';

/**
 * Text with the search's matches in <mark>: `ranges` are sorted, disjoint [start, end) indexes
 * of `text` (the shared highlighter's). `escape`: each piece as inside a JSON string (the JSON
 * tree shows strings so), cut where the ranges say in the raw text, so an escape never splits.
 */
export function Marked(props: { text: string; ranges: readonly Range[]; escape?: boolean }) {
  const { text, ranges, escape } = props;
  const show = (piece: string) => (escape ? JSON.stringify(piece).slice(1, -1) : piece);
  if (ranges.length === 0) return <>{show(text)}</>;
  const out = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) out.push(show(text.slice(at, start)));
    out.push(
      <mark key={start} className="search-match" data-testid="search-match">
        {show(text.slice(start, end))}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) out.push(show(text.slice(at)));
  return <>{out}</>;
}
