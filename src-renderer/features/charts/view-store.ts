import { create } from 'zustand';
import type { QueryParts } from '../../state/query-store';
import type { ChartKind } from './chart-model';

/**
 * The chart's own state (which view is shown, results or chart, is the app's: ui-store `view`):
 * the chart kind the user picked, and, after a click on a group opened its events, the query to
 * go back to.
 */
interface ChartViewState {
  /** The chart the user picked; null: the best for the result. */
  chartKind: ChartKind | null;
  back: QueryParts | null;
  setChartKind(kind: ChartKind | null): void;
  setBack(parts: QueryParts | null): void;
}

export const useViewStore = create<ChartViewState>()((set) => ({
  chartKind: null,
  back: null,
  setChartKind: (chartKind) => set({ chartKind }),
  setBack: (back) => set({ back }),
}));
