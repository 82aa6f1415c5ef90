import { create } from 'zustand';
import type { RangeAnchors } from './query-store';

/**
 * When "now" is for the current query. A relative range ("last 15 minutes") is resolved against
 * this anchor, not against the clock at each render, so that the DSL — and with it the query
 * cache key — stays the same until the user runs the query again (or new events arrive while a
 * relative range is shown, see useLiveAnchor). Every view of one query shares one anchor, so the
 * table, histogram, facets and chart always describe the same set of events.
 *
 * A range anchored to the data ("the last hour of data", for historical logs) ends at the
 * instance's last event instead: `dataEnd`, kept current by the time-range feature.
 */
interface RunState {
  anchor: number;
  dataEnd: number | null;
  /** Both, as one object that changes only when one of them does (a memo dependency). */
  anchors: RangeAnchors;
  /** Re-resolves relative ranges at the current time. */
  bump(): void;
  setDataEnd(dataEnd: number | null): void;
}

export const useRunStore = create<RunState>()((set) => {
  const now = Date.now();
  return {
    anchor: now,
    dataEnd: null,
    anchors: { now, dataEnd: null },
    bump: () =>
      set((s) => {
        const anchor = Date.now();
        return { anchor, anchors: { now: anchor, dataEnd: s.dataEnd } };
      }),
    setDataEnd: (dataEnd) =>
      set((s) => (s.dataEnd === dataEnd ? s : { dataEnd, anchors: { now: s.anchor, dataEnd } })),
  };
});
