import { create } from 'zustand';

/**
 * When "now" is for the current query. A relative range ("last 15 minutes") is resolved against
 * this anchor, not against the clock at each render, so that the DSL — and with it the query
 * cache key — stays the same until the user runs the query again (or new events arrive while a
 * relative range is shown, see useLiveAnchor). Every view of one query shares one anchor, so the
 * table, histogram, facets and chart always describe the same set of events.
 */
interface RunState {
  anchor: number;
  /** Re-resolves relative ranges at the current time. */
  bump(): void;
}

export const useRunStore = create<RunState>()((set) => ({
  anchor: Date.now(),
  bump: () => set({ anchor: Date.now() }),
}));
