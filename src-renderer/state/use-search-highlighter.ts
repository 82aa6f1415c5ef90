import { useMemo } from 'react';
import { highlighter, type Highlighter } from '../../src-shared/search/highlight';
import { useQueryStore } from './query-store';

/**
 * What to mark as the current search's matches, in the table and the detail pane: the shared
 * highlighter (src-shared/search/highlight.ts) over the current query's conditions, so what
 * is marked is what the engine matched. Context views keep the query, so they keep the marks.
 */
export function useSearchHighlighter(): Highlighter {
  const where = useQueryStore((s) => s.where);
  return useMemo(() => highlighter(where), [where]);
}
