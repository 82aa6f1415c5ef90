import { create } from 'zustand';
import { useQueryStore, type TimeRange } from './query-store';
import { useRunStore } from './run-store';

/**
 * Undo for time-range moves (a histogram drag, zoom out, zoom to the data): the ranges the user
 * came from, newest last. A move records the range it leaves; undo sets it back. Kept short:
 * undo is for the last few steps, Back walks the whole history.
 */
const maxSteps = 50;

export const useRangeUndo = create<{ previous: (TimeRange | null)[] }>()(() => ({
  previous: [],
}));

/** Moves the time range (and re-resolves relative ranges), remembering where it was. */
export function moveTimeRange(next: TimeRange | null): void {
  const current = useQueryStore.getState().timeRange;
  useRangeUndo.setState((s) => ({ previous: [...s.previous, current].slice(-maxSteps) }));
  useQueryStore.getState().setTimeRange(next);
  useRunStore.getState().bump();
}

export function undoTimeRange(): void {
  const previous = useRangeUndo.getState().previous;
  if (previous.length === 0) return;
  useRangeUndo.setState({ previous: previous.slice(0, -1) });
  useQueryStore.getState().setTimeRange(previous[previous.length - 1]!);
  useRunStore.getState().bump();
}

// Another instance has other times: its ranges are not steps back.
useQueryStore.subscribe((s, prev) => {
  if (s.instance !== prev.instance) useRangeUndo.setState({ previous: [] });
});
