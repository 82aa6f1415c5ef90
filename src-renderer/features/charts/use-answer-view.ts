import { useEffect, useRef } from 'react';
import { useQueryStore } from '../../state/query-store';
import { useUiStore } from '../../state/ui-store';

/**
 * The answer shows itself: when the query gains (or changes) an aggregation, the view turns to
 * its chart; when the aggregation goes, back to the events. The user may still switch by hand,
 * and Run on an aggregation shows the chart again (useRunNow).
 */
export function useAnswerView(): void {
  const reduceKey = useQueryStore((s) => (s.reduce ? JSON.stringify(s.reduce) : null));
  const setView = useUiStore((s) => s.setView);
  const last = useRef(reduceKey);
  useEffect(() => {
    if (reduceKey === last.current) return;
    last.current = reduceKey;
    setView(reduceKey === null ? 'results' : 'chart');
  }, [reduceKey, setView]);
}
