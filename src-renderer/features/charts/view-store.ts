import { create } from 'zustand';
import type { QueryParts } from '../../state/query-store';
import type { ChartKind } from './chart-model';

/**
 * Which answer the main area shows: the events, or the aggregation as a chart; which chart;
 * and, after a click on a group opened its events, the query to go back to.
 */
interface ViewState {
  view: 'events' | 'chart';
  /** The chart the user picked; null: the best for the result. */
  chartKind: ChartKind | null;
  back: QueryParts | null;
  setView(view: 'events' | 'chart'): void;
  setChartKind(kind: ChartKind | null): void;
  setBack(parts: QueryParts | null): void;
}

export const useViewStore = create<ViewState>()((set) => ({
  view: 'events',
  chartKind: null,
  back: null,
  setView: (view) => set({ view }),
  setChartKind: (chartKind) => set({ chartKind }),
  setBack: (back) => set({ back }),
}));
